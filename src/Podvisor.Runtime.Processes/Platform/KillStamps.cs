using System.Globalization;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// With <c>PODVISOR_TRACE_KILL=FILE</c>, one line per SIGKILL the kill timer sent, appended to FILE: the container's
/// PID, the engine's deadline (wall-clock µs), and on CLOCK_MONOTONIC how long before it the kill was armed, when the
/// thread woke and when the signal had been sent (µs after the deadline), with the garbage collections and their
/// pause time between the arm and the kill. It is how the kill's lateness was taken apart (bench/README.md, goal 2).
/// Off, it costs one field test per kill.
/// </summary>
internal sealed class KillStamps(int pid, DateTimeOffset deadline, long armedAt, long at)
{
    private static readonly string? TraceFile = Environment.GetEnvironmentVariable("PODVISOR_TRACE_KILL") is { Length: > 0 } path ? path : null;

    // Lines are written from pool threads; one at a time, or two appends can tear each other's line.
    private static readonly Lock WriteGate = new();

    private readonly int _collections = TraceFile is null ? 0 : GC.CollectionCount(0);
    private readonly TimeSpan _paused = TraceFile is null ? TimeSpan.Zero : GC.GetTotalPauseDuration();

    /// <summary>With the trace on, notes that <paramref name="stage"/> of the exit of <paramref name="pid"/> is reached now.</summary>
    public static void Mark(int pid, string stage)
    {
        if (TraceFile is not { } file)
        {
            return;
        }

        var now = Native.MonotonicNanoseconds() / 1000;
        ThreadPool.UnsafeQueueUserWorkItem(_ => Append(file, string.Create(CultureInfo.InvariantCulture, $"mark pid={pid} stage={stage} mono_us={now}\n")), null);
    }

    /// <summary>On the timer thread, right after the signal went out; the line is written on the thread pool.</summary>
    public void Sent(long woke)
    {
        if (TraceFile is not { } file)
        {
            return;
        }

        var sent = Native.MonotonicNanoseconds();
        var collections = GC.CollectionCount(0) - _collections;
        var paused = GC.GetTotalPauseDuration() - _paused;
        if (pid <= 0)
        {
            // The kill timer's stand-in: the same calls, compiled before a real kill, and no line.
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            _ => Append(file, string.Create(
                CultureInfo.InvariantCulture,
                $"pid={pid} deadline_us={(deadline - DateTimeOffset.UnixEpoch).Ticks / 10} armed_before_us={(at - armedAt) / 1000} woke_us={(woke - at) / 1000.0:0.0} sent_us={(sent - at) / 1000.0:0.0} sent_mono_us={sent / 1000} gc={collections} gc_pause_us={paused.Ticks / 10}\n")),
            null);
    }

    private static void Append(string file, string line)
    {
        lock (WriteGate)
        {
            File.AppendAllText(file, line);
        }
    }
}
