using k8s.Models;

namespace Podvisor.Engine.Lint;

/// <summary>A container of the pod with its field path (<c>spec.initContainers[1]</c>) and role.</summary>
internal sealed record LintedContainer(V1Container Container, string Path, LintedContainerKind Kind)
{
    /// <summary>
    /// Runs until stopped (a regular container of a <c>restartPolicy: Always</c> pod, or a sidecar) rather than to
    /// completion (an init container, a Job-style container): being stopped is its normal end.
    /// </summary>
    public bool IsLongRunning(V1Pod pod) => Kind switch
    {
        LintedContainerKind.Sidecar => true,
        LintedContainerKind.Init => false,
        _ => pod.Spec.RestartPolicy is null or "Always",
    };

    public static IReadOnlyList<LintedContainer> All(V1Pod pod)
    {
        var containers = new List<LintedContainer>();
        var init = pod.Spec.InitContainers ?? [];
        for (var i = 0; i < init.Count; i++)
        {
            var kind = init[i].RestartPolicy == "Always" ? LintedContainerKind.Sidecar : LintedContainerKind.Init;
            containers.Add(new LintedContainer(init[i], $"spec.initContainers[{i}]", kind));
        }

        var regular = pod.Spec.Containers ?? [];
        for (var i = 0; i < regular.Count; i++)
        {
            containers.Add(new LintedContainer(regular[i], $"spec.containers[{i}]", LintedContainerKind.Regular));
        }

        return containers;
    }
}
