using k8s.Models;

namespace Podvisor.Engine.Admission;

/// <summary>What admission made of the manifests: defaulted pods, or every error found, plus warnings.</summary>
/// <param name="Pods">Validated pods with API defaults applied; empty when there are errors.</param>
/// <param name="Errors">Every error, typed; <see cref="AdmissionErrorText"/> renders them for the command line.</param>
/// <param name="Warnings">One per field the runtime does not honour, e.g. <c>spec.containers[0].resources.limits: not enforced by the process runtime</c>.</param>
public sealed record AdmissionResult(IReadOnlyList<V1Pod> Pods, IReadOnlyList<AdmissionError> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>Validated ConfigMaps read beside the pods (namespace defaulted); empty when there are errors.</summary>
    public IReadOnlyList<V1ConfigMap> ConfigMaps { get; init; } = [];

    /// <summary>Validated Secrets, <c>stringData</c> merged into <c>data</c> as the apiserver stores them; empty when there are errors.</summary>
    public IReadOnlyList<V1Secret> Secrets { get; init; } = [];

    /// <summary>True when nothing was refused: the pods may be run.</summary>
    public bool IsValid => Errors.Count == 0;
}
