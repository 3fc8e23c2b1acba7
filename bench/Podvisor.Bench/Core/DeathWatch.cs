using System.Diagnostics;
using System.Globalization;

namespace Podvisor.Bench.Core;

/// <summary>
/// Sees one process's death from outside, for the lateness figures: a <c>limit watch PID</c> process (bench/native,
/// C, SCHED_FIFO when it may) holds a pidfd on it and prints the wall-clock µs at which that pidfd became readable.
/// </summary>
/// <remarks>
/// Not a thread of the harness: a .NET thread back from its poll reads the clock only once any garbage collection of
/// the harness's own has ended. Under the sigkill scenario's load that put up to 3 ms on podvisor's p99 that the kernel
/// never saw (an ftrace of 50 kills: exit at most 0.97 ms after the SIGTERM's delivery + 2 s, while the harness's
/// figure for the same code reached 4.05 ms). The C floor has always been measured by C.
/// </remarks>
internal sealed class DeathWatch : IAsyncDisposable
{
    private readonly Process _process;
    private readonly long? _alreadyGoneUs;

    private DeathWatch(Process process, long? alreadyGoneUs)
    {
        _process = process;
        _alreadyGoneUs = alreadyGoneUs;
    }

    /// <summary>Starts watching <paramref name="pid"/>; returns once the watcher holds its pidfd.</summary>
    public static async Task<DeathWatch> Start(string limit, int pid)
    {
        var info = new ProcessStartInfo(limit) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("watch");
        info.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {limit}");
        var watch = new DeathWatch(process, null);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var first = await process.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false);
            return first switch
            {
                "ready" => watch,
                "gone" => new DeathWatch(process, Clock.NowUs()),
                _ => throw new InvalidOperationException($"limit watch {pid}: unexpected \"{first}\""),
            };
        }
        catch
        {
            await watch.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The wall-clock µs of the death, or null when the process still lived after <paramref name="timeout"/>.</summary>
    public async Task<long?> Exited(TimeSpan timeout)
    {
        if (_alreadyGoneUs is { } gone)
        {
            return gone;
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var line = await _process.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false);
            return line is null ? null : long.Parse(line, CultureInfo.InvariantCulture);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
