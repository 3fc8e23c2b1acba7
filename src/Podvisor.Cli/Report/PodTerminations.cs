using k8s.Models;
using Podvisor.Engine.Defer;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Report;

/// <summary>
/// The explanation of each container's last ended run (init, app and defer containers), and the hooks each ran, from
/// the run's timeline and the pod's final status. A container that neither ended nor ran a hook is left out.
/// </summary>
internal static class PodTerminations
{
    /// <summary>One pod's explanations from a whole run's timeline (one pass over it; for many pods, see the other overload).</summary>
    public static IReadOnlyList<ContainerTermination> Of(V1Pod pod, IReadOnlyList<TimelineEntry> timeline) =>
        Of(pod, new TimelineByPod(timeline));

    /// <summary>One pod's explanations from a timeline already split by pod, so that explaining every pod of a run stays linear.</summary>
    public static IReadOnlyList<ContainerTermination> Of(V1Pod pod, TimelineByPod timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var podTimeline = timeline.Of(pod);
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? [])
            .Concat(DeferStatuses.Read(pod.Metadata));
        var result = new List<ContainerTermination>();
        foreach (var status in statuses)
        {
            var lastEnded = ContainerRuns.Of(podTimeline, status.Name)
                .LastOrDefault(run => run.Any(entry => entry.Step == TimelineStep.ContainerExited));
            // The status' reason of the run that ended last: Terminated now, or the last state of one waiting to restart.
            var reason = (status.State?.Terminated ?? status.LastState?.Terminated)?.Reason;
            var termination = lastEnded is null ? null : TerminationClassifier.Classify(lastEnded, reason);
            var hooks = HookRuns.Of(podTimeline.Where(entry => entry.Container == status.Name));
            if (termination is not null || hooks.Count > 0)
            {
                result.Add(new ContainerTermination(status.Name, termination) { Hooks = hooks });
            }
        }

        return result;
    }

    public static TerminationExplanation? Find(IReadOnlyList<ContainerTermination> terminations, string container) =>
        terminations.FirstOrDefault(termination => termination.Container == container)?.Termination;
}
