using k8s.Models;
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
    private readonly Lock _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, V1Pod> _latest = new(StringComparer.Ordinal);

    public IReadOnlyList<V1Pod> Pods
    {
        get
        {
            lock (_gate)
            {
                return [.. _order.Select(uid => _latest[uid])];
            }
        }
    }

    public void OnPodStatus(V1Pod pod)
    {
        var uid = pod.Metadata?.Uid ?? pod.Metadata?.Name ?? string.Empty;
        lock (_gate)
        {
            if (!_latest.ContainsKey(uid))
            {
                _order.Add(uid);
            }

            _latest[uid] = pod;
        }
    }

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
