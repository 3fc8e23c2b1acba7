using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Run;

/// <summary>
/// Keeps every Event for <c>-o json|yaml</c>. The engine reports a merged event again under the same
/// <c>metadata.name</c> (count and lastTimestamp updated), as the API server stores it: keep the latest
/// version of each, in first-seen order, like <c>kubectl get events</c>.
/// </summary>
internal sealed class EventLog : IEngineObserver
{
    private readonly Lock _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, Corev1Event> _latest = new(StringComparer.Ordinal);

    public IReadOnlyList<Corev1Event> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _order.Select(name => _latest[name])];
            }
        }
    }

    public void OnEvent(Corev1Event @event)
    {
        lock (_gate)
        {
            // An unnamed event cannot be merged with anything: keep each under its own key.
            var name = @event.Metadata?.Name ?? $"\0unnamed-{_order.Count}";
            if (!_latest.ContainsKey(name))
            {
                _order.Add(name);
            }

            _latest[name] = @event;
        }
    }

    public void OnPodStatus(V1Pod pod)
    {
    }

    public void OnTimeline(TimelineEntry entry)
    {
    }

    public void OnLogLine(ContainerLogLine line)
    {
    }
}
