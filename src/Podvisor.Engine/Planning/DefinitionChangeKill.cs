namespace Podvisor.Engine.Planning;

/// <summary>
/// A running container whose spec changed (an updated <c>image</c>): the kubelet kills it with the pod's grace period
/// (preStop included) and starts it again on the new spec, whatever the restart policy.
/// </summary>
internal sealed record DefinitionChangeKill(ContainerDefinition Container)
{
    /// <summary>
    /// The Killing event's message (kuberuntime_manager.go <c>computePodActions</c> for app containers,
    /// <c>computeInitContainerActions</c> for restartable init containers).
    /// </summary>
    public string Message => Container.Kind == ContainerKind.Sidecar
        ? $"Init container {Container.Name} definition changed"
        : $"Container {Container.Name} definition changed, will be restarted";
}
