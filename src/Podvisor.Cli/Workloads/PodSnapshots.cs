using k8s.Models;
using Podvisor.Cli.Run;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Workloads;

/// <summary>
/// The last status of every pod the engine ran, in order of first appearance: the pods a ReplicaSet created are
/// known only from the engine's reports, and the server forgets a pod once it is deleted, while the summary and
/// <c>-o json</c> show every pod of the run.
/// </summary>
internal sealed class PodSnapshots : IEngineObserver
{
    private readonly LatestInOrder<V1Pod> _pods = new();

    public IReadOnlyList<V1Pod> Pods => _pods.Items;

    public void OnPodStatus(V1Pod pod) => _pods.Put(pod.Metadata?.Uid ?? pod.Metadata?.Name ?? string.Empty, pod);

    public void OnEvent(Corev1Event @event)
    {
    }

    public void OnTimeline(TimelineEntry entry)
    {
    }

    public void OnLogLine(ContainerLogLine line)
    {
    }
}
