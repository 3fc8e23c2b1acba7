using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Server.Hosting;

/// <summary>The engine takes one observer: the controller first (it writes the store), then a second one.</summary>
internal sealed class ObserverPair(IEngineObserver first, IEngineObserver second) : IEngineObserver
{
    public void OnPodStatus(V1Pod pod)
    {
        first.OnPodStatus(pod);
        second.OnPodStatus(pod);
    }

    public void OnEvent(Corev1Event @event)
    {
        first.OnEvent(@event);
        second.OnEvent(@event);
    }

    public void OnTimeline(TimelineEntry entry)
    {
        first.OnTimeline(entry);
        second.OnTimeline(entry);
    }

    public void OnLogLine(ContainerLogLine line)
    {
        first.OnLogLine(line);
        second.OnLogLine(line);
    }
}
