using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Server.Hosting;

namespace Podvisor.Cli.Report;

/// <summary>
/// <c>serve</c>'s timeline pages: the same page as <c>run --report</c>, for one stored pod, drawn from what this
/// server saw of it. Kept per pod in memory; a pod the engine has removed keeps its record (a finalizer can keep
/// the object, and its page, around) until it is admitted again under the same name, and only the last
/// <see cref="RemovedKept"/> removed pods are kept, so a long-lived server does not grow. After a server restart a
/// pod's page starts at its restart (restart, not adopt).
/// </summary>
internal sealed class ServeTimelinePages(TimeProvider time) : ITimelinePages, IEngineObserver
{
    private const int RemovedKept = 64;

    private readonly Lock _gate = new();
    private readonly Queue<(string Namespace, string Name)> _removed = new();
    private readonly Dictionary<(string Namespace, string Name), PodRecord> _pods = [];

    public IEngineObserver Observer => this;

    public string Render(V1Pod pod)
    {
        var key = (pod.Metadata?.NamespaceProperty ?? "default", pod.Metadata?.Name ?? string.Empty);
        List<TimelineEntry> timeline;
        List<ObservedEvent> events;
        lock (_gate)
        {
            var record = _pods.GetValueOrDefault(key);
            timeline = record is null ? [] : [.. record.Timeline];
            events = record is null ? [] : [.. record.Events];
        }

        var now = time.GetUtcNow();
        var start = timeline.Select(entry => entry.At).Concat(events.Select(observed => observed.At)).DefaultIfEmpty(now).Min();
        return TimelineReportHtml.Render(TimelineReportBuilder.Build([pod], timeline, events, start, now));
    }

    public void OnTimeline(TimelineEntry entry)
    {
        lock (_gate)
        {
            var key = (entry.PodNamespace, entry.PodName);
            if (entry.Step == TimelineStep.PodAdmitted && _pods.TryGetValue(key, out var previous) && previous.Removed)
            {
                // The same name again: a new pod, a new page.
                _pods.Remove(key);
            }

            var record = Record(key);
            record.Timeline.Add(entry);
            if (entry.Step == TimelineStep.PodRemoved)
            {
                record.Removed = true;
                _removed.Enqueue(key);
                while (_removed.Count > RemovedKept)
                {
                    var oldest = _removed.Dequeue();
                    if (_pods.TryGetValue(oldest, out var stale) && stale.Removed)
                    {
                        _pods.Remove(oldest);
                    }
                }
            }
        }
    }

    public void OnEvent(Corev1Event @event)
    {
        var at = time.GetUtcNow();
        var key = (@event.InvolvedObject?.NamespaceProperty ?? @event.Metadata?.NamespaceProperty ?? "default", @event.InvolvedObject?.Name ?? string.Empty);
        lock (_gate)
        {
            Record(key).Events.Add(new ObservedEvent(at, @event));
        }
    }

    public void OnPodStatus(V1Pod pod)
    {
    }

    public void OnLogLine(ContainerLogLine line)
    {
    }

    private PodRecord Record((string, string) key)
    {
        if (!_pods.TryGetValue(key, out var record))
        {
            record = new PodRecord();
            _pods[key] = record;
        }

        return record;
    }

    private sealed class PodRecord
    {
        public List<TimelineEntry> Timeline { get; } = [];

        public List<ObservedEvent> Events { get; } = [];

        public bool Removed { get; set; }
    }
}
