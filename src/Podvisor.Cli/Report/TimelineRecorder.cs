using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Report;

/// <summary>
/// Keeps every timeline step, for the termination explanations, and (with <paramref name="keepEvents"/>, for the
/// <c>--report</c> page) every event with the time it was reported. An event's own timestamps have second precision;
/// the time it reached this observer is when it happened to the millisecond (the engine reports as it records).
/// </summary>
internal sealed class TimelineRecorder(TimeProvider time, bool keepEvents) : IEngineObserver
{
    private readonly Lock _gate = new();
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<ObservedEvent> _events = [];

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public IReadOnlyList<TimelineEntry> Timeline
    {
        get
        {
            lock (_gate)
            {
                return [.. _timeline];
            }
        }
    }

    public IReadOnlyList<ObservedEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void OnTimeline(TimelineEntry entry)
    {
        lock (_gate)
        {
            _timeline.Add(entry);
        }
    }

    public void OnEvent(Corev1Event @event)
    {
        if (!keepEvents)
        {
            return;
        }

        var at = time.GetUtcNow();
        lock (_gate)
        {
            _events.Add(new ObservedEvent(at, @event));
        }
    }

    public void OnPodStatus(V1Pod pod)
    {
    }

    public void OnLogLine(ContainerLogLine line)
    {
    }
}
