using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// One kill handed to <see cref="PreciseKillTimer"/>. Its state changes by compare-and-swap only, so the timer's
/// realtime thread never waits for the (ordinary) thread that disarms it; a disarm that meets a kill being sent waits
/// for it instead, which keeps <see cref="IArmedKill"/>'s promise: after disposal it has been sent or never will be.
/// </summary>
internal sealed class ArmedKill : IArmedKill
{
    private const int Armed = 0;
    private const int Firing = 1;
    private const int Done = 2;

    private readonly TaskCompletionSource<DateTimeOffset> _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KillStamps _stamps;
    private IRunningContainer? _container;
    private Func<int, bool>? _kill;
    private int _state;

    /// <param name="at">The deadline on CLOCK_MONOTONIC, in nanoseconds.</param>
    /// <param name="deadline">The same deadline as the engine gave it (wall clock), for the trace.</param>
    /// <param name="armedAt">CLOCK_MONOTONIC when armed, for the trace.</param>
    public ArmedKill(IRunningContainer container, long at, DateTimeOffset deadline, long armedAt)
    {
        _container = container;

        // Chosen now, not at the deadline: the path after the timer's wake-up is one delegate call to the kill.
        _kill = container is IKillIfRunning conditional
            ? conditional.SignalIfRunning
            : signal =>
            {
                if (signal != 0)
                {
                    container.Signal(signal);
                }

                return true;
            };
        At = at;
        _stamps = new KillStamps(container.ProcessId, deadline, armedAt, at);
    }

    /// <summary>The deadline on CLOCK_MONOTONIC, in nanoseconds.</summary>
    public long At { get; }

    public Task<DateTimeOffset> Sent => _sent.Task;

    /// <summary>Fired or disarmed: the timer drops it.</summary>
    public bool IsDone => Volatile.Read(ref _state) == Done;

    /// <summary>
    /// On the timer thread, when it takes the kill in: runs the container's kill check with the null signal (nothing is
    /// sent), so the code and the system calls the deadline's kill goes through have run on that thread before it.
    /// </summary>
    public void Prepare()
    {
        if (Volatile.Read(ref _state) != Armed || _kill is not { } kill)
        {
            return;
        }

        try
        {
            kill(0);
        }
        catch (Exception)
        {
            // Only a rehearsal: whatever fails here fails again at the deadline, where the engine sees it.
        }
    }

    /// <summary>
    /// On the timer thread, at the deadline (<paramref name="woke"/>: CLOCK_MONOTONIC when it woke): kills unless
    /// disarmed first or the container has exited; the instant is taken right after the signal. When nothing is sent,
    /// <see cref="Sent"/> never completes.
    /// </summary>
    public void Fire(long woke)
    {
        if (Interlocked.CompareExchange(ref _state, Firing, Armed) != Armed)
        {
            return;
        }

        var container = _container!; // Set until the state leaves Firing.
        var kill = _kill!;
        try
        {
            // Kill only what still runs: an exit already reaped, or one the event loop has not handled yet (many
            // containers stopping at once), is not killed and not reported; the engine then sees the exit.
            if (!container.Exited.IsCompleted && kill(Signals.SigKill))
            {
                var sent = TimeProvider.System.GetUtcNow();
                _stamps.Sent(woke);
                _sent.TrySetResult(sent);
            }
        }
        catch (Exception error)
        {
            // Never ends the timer thread (nor the process): the engine sees a failed kill and sends its own.
            _sent.TrySetException(error);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>After this, the kill has been sent or never will be; the container is no longer held.</summary>
    public void Dispose()
    {
        var spin = default(SpinWait);
        while (true)
        {
            var state = Interlocked.CompareExchange(ref _state, Done, Armed);
            if (state != Firing)
            {
                if (state == Armed)
                {
                    Release();
                }

                return;
            }

            // The realtime thread is sending it now (a few system calls): it outranks this thread, so this is short.
            spin.SpinOnce();
        }
    }

    private void Release()
    {
        _container = null;
        _kill = null;
        Volatile.Write(ref _state, Done);
    }
}
