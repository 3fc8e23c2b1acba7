using k8s.Models;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Report;

/// <summary>
/// A run's timeline split by pod in one pass, each pod's steps in timeline order. The closing summary explains every
/// pod from its own steps: filtering the whole timeline once per pod cost O(pods × steps), about 14 s of a 5000-pod
/// run's exit on a loaded machine (dotnet-stack), where this costs one pass.
/// </summary>
internal sealed class TimelineByPod
{
    private readonly Dictionary<(string Namespace, string Name), List<TimelineEntry>> _byPod = [];

    public TimelineByPod(IEnumerable<TimelineEntry> timeline)
    {
        foreach (var entry in timeline)
        {
            var key = (entry.PodNamespace, entry.PodName);
            if (!_byPod.TryGetValue(key, out var steps))
            {
                steps = [];
                _byPod[key] = steps;
            }

            steps.Add(entry);
        }
    }

    /// <summary>The steps of <paramref name="pod"/> (matched by namespace and name), empty when it has none.</summary>
    public IReadOnlyList<TimelineEntry> Of(V1Pod pod) =>
        pod.Metadata?.Name is { } name && _byPod.TryGetValue((pod.Metadata.NamespaceProperty ?? "default", name), out var steps) ? steps : [];
}
