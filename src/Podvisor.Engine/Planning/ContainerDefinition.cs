using k8s.Models;
using Podvisor.Engine.Probes;

namespace Podvisor.Engine.Planning;

/// <summary>One container of a pod with where it sits in the spec.</summary>
/// <param name="Index">The position in the engine's container table: init containers first, then regular ones.</param>
/// <param name="SpecIndex">The position inside its own list (<c>spec.initContainers</c> or <c>spec.containers</c>).</param>
internal sealed record ContainerDefinition(int Index, int SpecIndex, ContainerKind Kind, V1Container Spec)
{
    public string Name => Spec.Name;

    public string Image => Spec.Image;

    /// <summary>The <c>involvedObject.fieldPath</c> the kubelet puts on this container's events.</summary>
    public string FieldPath => Kind switch
    {
        ContainerKind.Regular => $"spec.containers{{{Name}}}",
        ContainerKind.Defer => $"spec.deferContainers{{{Name}}}",
        _ => $"spec.initContainers{{{Name}}}",
    };

    public HookHandler? PostStart { get; } = HookHandler.From(Spec.Lifecycle?.PostStart);

    public HookHandler? PreStop { get; } = HookHandler.From(Spec.Lifecycle?.PreStop);

    public ProbeDefinition? Startup { get; } = ProbeDefinition.From(ProbeKind.Startup, Spec.StartupProbe);

    public ProbeDefinition? Liveness { get; } = ProbeDefinition.From(ProbeKind.Liveness, Spec.LivenessProbe);

    public ProbeDefinition? Readiness { get; } = ProbeDefinition.From(ProbeKind.Readiness, Spec.ReadinessProbe);

    public IEnumerable<ProbeDefinition> Probes => new[] { Startup, Liveness, Readiness }.OfType<ProbeDefinition>();

    public bool IsInit => Kind is ContainerKind.Init or ContainerKind.Sidecar;
}
