using System.Threading.Channels;
using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Run;

/// <summary>
/// The live view on stderr. Pod workers call in concurrently and must never wait on a terminal, so each call
/// formats its line at once (capturing the state it was told) and queues it; one writer task prints them in order.
/// Container output is bounded: past <see cref="MaxQueuedLogLines"/> waiting for the terminal, further output
/// lines are counted and reported as skipped (the log files keep every line), so a container writing faster than
/// the terminal shows cannot grow podvisor's memory. Lifecycle lines are never skipped.
/// </summary>
internal sealed class LiveView : IEngineObserver, IAsyncDisposable
{
    /// <summary>Container output lines that may wait for the terminal at once.</summary>
    public const int MaxQueuedLogLines = 10_000;

    private readonly Channel<(LiveLine Line, bool IsLog)> _lines = Channel.CreateUnbounded<(LiveLine, bool)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RunConsole _console;
    private readonly LiveLineFormatter _format;
    private readonly Lock _phaseGate = new();
    private readonly Dictionary<(string Namespace, string Name), string> _phases = [];
    private readonly Task _writer;
    private int _queuedLogLines;
    private long _skippedLogLines;

    public LiveView(RunConsole console, LiveLineFormatter format)
    {
        _console = console;
        _format = format;
        _writer = Task.Run(WriteAllAsync);
    }

    public void OnPodStatus(V1Pod pod)
    {
        // Snapshots arrive on every container change; the view shows phase transitions only.
        if (pod.Status?.Phase is not { } phase)
        {
            return;
        }

        var key = (pod.Metadata?.NamespaceProperty ?? "default", pod.Metadata?.Name ?? string.Empty);
        lock (_phaseGate)
        {
            var known = _phases.TryGetValue(key, out var previous);
            if (known && previous == phase)
            {
                return;
            }

            _phases[key] = phase;
            // Queued under the lock so two racing snapshots of one pod print in the order they were compared.
            Enqueue(_format.Phase(key.Item2, known ? previous : null, phase));
        }
    }

    public void OnEvent(Corev1Event @event) => Enqueue(_format.Event(@event));

    public void OnTimeline(TimelineEntry entry) => Enqueue(_format.Timeline(entry));

    public void OnLogLine(ContainerLogLine line)
    {
        if (Interlocked.Increment(ref _queuedLogLines) > MaxQueuedLogLines)
        {
            Interlocked.Decrement(ref _queuedLogLines);
            Interlocked.Increment(ref _skippedLogLines);
            return;
        }

        _lines.Writer.TryWrite((_format.Log(line), true));
    }

    /// <summary>How many container output lines were not shown because the terminal fell behind.</summary>
    public long SkippedLogLines => Interlocked.Read(ref _skippedLogLines);

    public void Notice(string text, string style = "bold") => Enqueue(_format.Notice(text, style));

    /// <summary>Prints everything queued so far; later reports (from an engine being disposed) are dropped.</summary>
    public async ValueTask CompleteAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => CompleteAsync();

    private void Enqueue(LiveLine line) => _lines.Writer.TryWrite((line, false));

    private async Task WriteAllAsync()
    {
        var broken = false;
        long reported = 0;
        await foreach (var (line, isLog) in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (isLog)
            {
                Interlocked.Decrement(ref _queuedLogLines);
            }

            if (broken)
            {
                continue;
            }

            try
            {
                var skipped = SkippedLogLines;
                if (skipped > reported)
                {
                    _console.WriteLine(_format.Notice($"… {skipped - reported} output lines not shown here: the terminal fell behind (the log files have them)", "yellow"));
                    reported = skipped;
                }

                _console.WriteLine(line);
            }
            catch (IOException)
            {
                // stderr was closed (e.g. `| head`): keep draining so the run itself goes on undisturbed.
                broken = true;
            }
        }
    }
}
