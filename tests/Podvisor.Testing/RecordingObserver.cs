using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Testing;

/// <summary>Keeps everything the engine reports, and lets a test wait (bounded, in real time) for a condition.</summary>
internal sealed class RecordingObserver : IEngineObserver
{
    private readonly object _gate = new();
    private readonly List<V1Pod> _statuses = [];
    private readonly List<Corev1Event> _events = [];
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<ContainerLogLine> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<V1Pod> Statuses { get { lock (_gate) { return [.. _statuses]; } } }

    public IReadOnlyList<Corev1Event> Events { get { lock (_gate) { return [.. _events]; } } }

    public IReadOnlyList<TimelineEntry> Timeline { get { lock (_gate) { return [.. _timeline]; } } }

    public IReadOnlyList<ContainerLogLine> Lines { get { lock (_gate) { return [.. _lines]; } } }

    public V1Pod? LastStatus { get { lock (_gate) { return _statuses.LastOrDefault(); } } }

    public void OnPodStatus(V1Pod pod) => Add(_statuses, pod);

    public void OnEvent(Corev1Event @event) => Add(_events, @event);

    public void OnTimeline(TimelineEntry entry) => Add(_timeline, entry);

    public void OnLogLine(ContainerLogLine line) => Add(_lines, line);

    /// <summary>The reasons of events in order, merged ones once (the first time they were seen).</summary>
    public IReadOnlyList<string> EventReasons => Events.GroupBy(e => e.Metadata.Name).Select(g => g.First().Reason).ToList();

    public async Task WaitForAsync(Func<RecordingObserver, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new TimeoutException("condition not reached; timeline:\n" + string.Join('\n', Timeline.Select(t => $"{t.At:HH:mm:ss.fff} {t.Container} {t.Step} {t.Detail}")));
            }

            await changed.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(left, 200)), TimeProvider.System).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public Task WaitForStepAsync(string? container, TimelineStep step, int count = 1) =>
        WaitForAsync(o => o.Timeline.Count(t => t.Container == container && t.Step == step) >= count);

    private void Add<T>(List<T> list, T item)
    {
        Chaos.Pause();
        TaskCompletionSource changed;
        lock (_gate)
        {
            list.Add(item);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
