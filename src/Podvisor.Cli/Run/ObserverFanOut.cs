using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Run;

/// <summary>Passes every report to several observers, in order; the engine takes a single one.</summary>
internal sealed class ObserverFanOut(IReadOnlyList<IEngineObserver> observers) : IEngineObserver
{
    public void OnPodStatus(V1Pod pod)
    {
        foreach (var observer in observers)
        {
            observer.OnPodStatus(pod);
        }
    }

    public void OnEvent(Corev1Event @event)
    {
        foreach (var observer in observers)
        {
            observer.OnEvent(@event);
        }
    }

    public void OnTimeline(TimelineEntry entry)
    {
        foreach (var observer in observers)
        {
            observer.OnTimeline(entry);
        }
    }

    public void OnLogLine(ContainerLogLine line)
    {
        foreach (var observer in observers)
        {
            observer.OnLogLine(line);
        }
    }
}
