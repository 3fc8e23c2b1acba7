using k8s.Models;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Report;

/// <summary>The explanation of each container's last ended run, from the run's timeline and the pod's final status.</summary>
internal static class PodTerminations
{
    public static IReadOnlyList<ContainerTermination> Of(V1Pod pod, IReadOnlyList<TimelineEntry> timeline)
    {
        var name = pod.Metadata?.Name;
        var ns = pod.Metadata?.NamespaceProperty ?? "default";
        var podTimeline = timeline.Where(entry => entry.PodName == name && entry.PodNamespace == ns).ToList();
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []);
        var result = new List<ContainerTermination>();
        foreach (var status in statuses)
        {
            var lastEnded = ContainerRuns.Of(podTimeline, status.Name)
                .LastOrDefault(run => run.Any(entry => entry.Step == TimelineStep.ContainerExited));
            // The status' reason of the run that ended last: Terminated now, or the last state of one waiting to restart.
            var reason = (status.State?.Terminated ?? status.LastState?.Terminated)?.Reason;
            if (lastEnded is not null && TerminationClassifier.Classify(lastEnded, reason) is { } termination)
            {
                result.Add(new ContainerTermination(status.Name, termination));
            }
        }

        return result;
    }

    public static TerminationExplanation? Find(IReadOnlyList<ContainerTermination> terminations, string container) =>
        terminations.FirstOrDefault(termination => termination.Container == container)?.Termination;
}
