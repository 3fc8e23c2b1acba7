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
    private readonly LatestInOrder<Corev1Event> _events = new();

    public IReadOnlyList<Corev1Event> Events => _events.Items;

    /// <summary>The log as an observer list of one, or none when no output asks for events.</summary>
    public static IEngineObserver[] Optional(EventLog? log) => log is null ? [] : [log];

    // An unnamed event cannot be merged with anything: it is kept under a key of its own.
    public void OnEvent(Corev1Event @event) => _events.Put(@event.Metadata?.Name, @event);

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
