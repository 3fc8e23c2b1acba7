using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>Collects OnLogLine callbacks and lets a test wait for a line: the observable real-process tests wait on.</summary>
internal sealed class LineRecorder
{
    private readonly Lock _gate = new();
    private readonly List<ContainerLogLine> _lines = [];
    private readonly List<(Func<ContainerLogLine, bool> Match, TaskCompletionSource<ContainerLogLine> Done)> _waiters = [];

    public void Add(ContainerLogLine line)
    {
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Done.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    public IReadOnlyList<ContainerLogLine> Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    public Task<ContainerLogLine> WaitForAsync(Func<ContainerLogLine, bool> match)
    {
        lock (_gate)
        {
            if (_lines.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var done = new TaskCompletionSource<ContainerLogLine>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(Harness.UpperBound);
        }
    }

    public Task<ContainerLogLine> WaitForAsync(string text) => WaitForAsync(line => line.Text == text);

    public async Task<int> WaitForPidAsync(string prefix)
    {
        var line = await WaitForAsync(l => l.Text.StartsWith(prefix + " ", StringComparison.Ordinal));
        return int.Parse(line.Text[(prefix.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
