using k8s.Models;

namespace Podvisor.Engine.Planning;

/// <summary>
/// A validated, defaulted pod as the engine uses it: the fields the kubelet decides on, read once,
/// so that workers never look at nullable model fields.
/// </summary>
internal sealed record PodDefinition(
    string Namespace,
    string Name,
    string Uid,
    PodRestartPolicy RestartPolicy,
    long TerminationGracePeriodSeconds,
    IReadOnlyList<ContainerDefinition> Containers)
{
    /// <summary>The kubelet's <c>format.Pod</c>: <c>NAME_NAMESPACE(UID)</c>, used in many messages.</summary>
    public string Formatted => $"{Name}_{Namespace}({Uid})";

    public IEnumerable<ContainerDefinition> InitContainers => Containers.Where(c => c.IsInit);

    public IEnumerable<ContainerDefinition> RegularContainers => Containers.Where(c => c.Kind == ContainerKind.Regular);

    public bool HasInitContainers => Containers.Any(c => c.IsInit);

    public static PodDefinition From(V1Pod pod)
    {
        var spec = pod.Spec;
        var containers = new List<ContainerDefinition>();
        var inits = spec.InitContainers ?? [];
        for (var i = 0; i < inits.Count; i++)
        {
            var kind = inits[i].RestartPolicy == "Always" ? ContainerKind.Sidecar : ContainerKind.Init;
            containers.Add(new ContainerDefinition(containers.Count, i, kind, inits[i]));
        }

        for (var i = 0; i < spec.Containers.Count; i++)
        {
            containers.Add(new ContainerDefinition(containers.Count, i, ContainerKind.Regular, spec.Containers[i]));
        }

        var policy = spec.RestartPolicy switch
        {
            "Never" => PodRestartPolicy.Never,
            "OnFailure" => PodRestartPolicy.OnFailure,
            _ => PodRestartPolicy.Always,
        };

        return new PodDefinition(
            pod.Metadata.NamespaceProperty ?? "default",
            pod.Metadata.Name,
            pod.Metadata.Uid ?? string.Empty,
            policy,
            Math.Max(spec.TerminationGracePeriodSeconds ?? 30, 0),
            containers);
    }
}
