using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Run;

/// <summary>
/// Decides whether a requested stop was clean, from the timeline: SIGKILL at the deadline, or a preStop hook
/// that failed or timed out, makes it unclean (exit 3). Only steps after the stop began count: a liveness
/// kill earlier in the run says nothing about how the stop went.
/// </summary>
internal sealed class TerminationAudit : IEngineObserver
{
    private int _stopping;
    private int _unclean;

    public bool TerminationWasClean => Volatile.Read(ref _unclean) == 0;

    /// <summary>Called before the pods are deleted, so every step the deletion causes is seen after it.</summary>
    public void BeginStop() => Volatile.Write(ref _stopping, 1);

    public void OnTimeline(TimelineEntry entry)
    {
        if (Volatile.Read(ref _stopping) == 1
            && entry.Step is TimelineStep.KillSent or TimelineStep.PreStopFailed or TimelineStep.PreStopTimedOut)
        {
            Volatile.Write(ref _unclean, 1);
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
