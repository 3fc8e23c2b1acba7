using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Run;

/// <summary>Marks the run's first ContainerSpawned and first ContainerRunning for <see cref="StartupTrace"/>.</summary>
internal sealed class StartupTraceObserver : IEngineObserver
{
    private int spawned;
    private int running;

    public void OnTimeline(TimelineEntry entry)
    {
        if (entry.Step == TimelineStep.ContainerSpawned && Interlocked.Exchange(ref spawned, 1) == 0)
        {
            StartupTrace.Mark("first container spawned");
        }
        else if (entry.Step == TimelineStep.ContainerRunning && Interlocked.Exchange(ref running, 1) == 0)
        {
            StartupTrace.Mark("first ContainerRunning");
        }
    }

    public void OnPodStatus(V1Pod pod)
    {
    }

    public void OnEvent(Corev1Event @event)
    {
    }

    public void OnLogLine(ContainerLogLine line)
    {
    }
}
