using k8s.Models;

namespace Podvisor.Engine.Planning;

/// <summary>One container of a pod with where it sits in the spec.</summary>
/// <param name="Index">The position in the engine's container table: init containers first, then regular ones.</param>
/// <param name="SpecIndex">The position inside its own list (<c>spec.initContainers</c> or <c>spec.containers</c>).</param>
internal sealed record ContainerDefinition(int Index, int SpecIndex, ContainerKind Kind, V1Container Spec)
{
    public string Name => Spec.Name;

    public string Image => Spec.Image;

    /// <summary>The <c>involvedObject.fieldPath</c> the kubelet puts on this container's events.</summary>
    public string FieldPath => Kind == ContainerKind.Regular ? $"spec.containers{{{Name}}}" : $"spec.initContainers{{{Name}}}";

    public HookHandler? PostStart { get; } = HookHandler.From(Spec.Lifecycle?.PostStart);

    public HookHandler? PreStop { get; } = HookHandler.From(Spec.Lifecycle?.PreStop);

    public bool IsInit => Kind != ContainerKind.Regular;
}
