using System.Diagnostics;
using Podvisor.Bench.Core;

namespace Podvisor.Bench.Tools;

/// <summary>
/// One <c>podvisor run</c> process, its live view (stderr) recorded line by line with the wall-clock time each
/// line arrived. Disposal never leaves it running: SIGTERM (graceful), again (kill now), then SIGKILL.
/// </summary>
/// <remarks>
/// Waits are answered as lines arrive (<see cref="WaitFor"/>, <see cref="WaitForCount"/>), never by polling a copy of
/// every line: at 5000 pods the live view holds tens of thousands of lines, and a poll that copied and scanned them all
/// every few milliseconds cost the harness CPU (and large-object garbage) that grew with N, on the same two cores podvisor
/// was measured on.
/// </remarks>
internal sealed class PodvisorRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<LiveRecord> _lines = [];
    private readonly List<(Func<LiveRecord, bool> Match, TaskCompletionSource<LiveRecord> Done)> _waiters = [];
    private readonly List<LineCounter> _counters = [];
    private long _zeroUs = long.MaxValue;

    private PodvisorRun(Process process, long startUs)
    {
        _process = process;
        StartUs = startUs;
    }

    /// <summary>Wall-clock µs just before the process was started.</summary>
    public long StartUs { get; }

    public int Pid => _process.Id;

    public Process Process => _process;

    public static PodvisorRun Start(BenchContext context, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(context.Podvisor)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("run");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        PodvisorRun? run = null;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                run?.Receive(Clock.NowUs(), line);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        var start = Clock.NowUs();
        run = new PodvisorRun(process, start);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return run;
    }

    public IReadOnlyList<LiveRecord> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>
    /// The wall-clock µs of a line's own stamp. The view's zero is estimated as the earliest (arrival − stamp)
    /// over all lines so far: a line never arrives before it happened, so this is within a millisecond or so.
    /// </summary>
    public long AbsoluteUs(LiveRecord line)
    {
        lock (_gate)
        {
            return _zeroUs + (long)(line.StampMs!.Value * 1000);
        }
    }

    public Task<LiveRecord> WaitFor(Func<LiveRecord, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<LiveRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var seen = _lines.FirstOrDefault(match);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(timeout, TimeProvider.System);
    }

    /// <summary>Waits until <paramref name="count"/> lines match; false when they did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForCount(Func<LiveRecord, bool> match, int count, TimeSpan timeout)
    {
        var counter = new LineCounter(match, count);
        lock (_gate)
        {
            foreach (var line in _lines)
            {
                counter.See(line);
            }

            if (counter.Remaining > 0)
            {
                _counters.Add(counter);
            }
        }

        try
        {
            await counter.Done.Task.WaitAsync(timeout, TimeProvider.System).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _counters.Remove(counter);
            }

            return false;
        }
    }

    /// <summary>
    /// Asks podvisor to delete its pods gracefully, as Ctrl-C does. SIGTERM rather than SIGINT: a shell started in
    /// the background (bench/run &amp;) hands its children SIGINT ignored, and an ignored signal stays ignored.
    /// </summary>
    public void Interrupt() => Native.Signal(_process.Id, Native.SIGTERM);

    public async Task<int> WaitExit(TimeSpan timeout)
    {
        await _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token).ConfigureAwait(false);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Interrupt();
            if (!await Exited(TimeSpan.FromSeconds(15)).ConfigureAwait(false))
            {
                Interrupt();
                if (!await Exited(TimeSpan.FromSeconds(5)).ConfigureAwait(false))
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }

        _process.Dispose();
    }

    private async Task<bool> Exited(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Receive(long arrivalUs, string raw)
    {
        var line = LiveRecord.Parse(arrivalUs, raw);
        List<TaskCompletionSource<LiveRecord>> matched = [];
        lock (_gate)
        {
            _lines.Add(line);
            if (line.StampMs is { } stamp)
            {
                _zeroUs = Math.Min(_zeroUs, arrivalUs - (long)(stamp * 1000));
            }

            for (var i = _counters.Count - 1; i >= 0; i--)
            {
                // The counter completes itself (its continuations run asynchronously, not under this lock).
                if (_counters[i].See(line))
                {
                    _counters.RemoveAt(i);
                }
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    matched.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in matched)
        {
            done.TrySetResult(line);
        }
    }

    /// <summary>Counts the lines a <see cref="WaitForCount"/> waits for, as they arrive.</summary>
    private sealed class LineCounter(Func<LiveRecord, bool> match, int count)
    {
        public int Remaining { get; private set; } = count;

        public TaskCompletionSource<LiveRecord> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Counts <paramref name="line"/> if it matches; true when it was the last one needed.</summary>
        public bool See(LiveRecord line)
        {
            if (Remaining <= 0 || !match(line))
            {
                return false;
            }

            Remaining--;
            if (Remaining == 0)
            {
                Done.TrySetResult(line);
                return true;
            }

            return false;
        }
    }
}
