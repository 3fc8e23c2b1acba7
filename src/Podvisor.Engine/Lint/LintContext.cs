using k8s.Models;

namespace Podvisor.Engine.Lint;

/// <summary>What a rule sees: the pod with API defaults applied (it passed validation) and the image facts.</summary>
internal sealed record LintContext(V1Pod Pod, IImageFacts Images)
{
    /// <summary>Every container with its field path and kind, init containers first, as in the spec.</summary>
    public IReadOnlyList<LintedContainer> Containers { get; } = LintedContainer.All(Pod);

    /// <summary>The pod's grace period; the defaulter has set it (30 when unset).</summary>
    public long GracePeriodSeconds => Pod.Spec.TerminationGracePeriodSeconds ?? Admission.PodDefaulter.DefaultTerminationGracePeriodSeconds;
}
