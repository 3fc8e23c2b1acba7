namespace Podvisor.Engine.Planning;

/// <summary>What one sync pass should do (kubelet <c>podActions</c>).</summary>
/// <param name="ToStart">Containers to start now, in order (init: at most one; regular: spec order).</param>
/// <param name="InBackOff">Containers that must restart but wait: until when, and the back-off that applies.</param>
/// <param name="Finish">The pod is done: every regular container exited for good, or an init container failed under <c>Never</c>.</param>
internal sealed record PodActions(
    IReadOnlyList<ContainerDefinition> ToStart,
    IReadOnlyList<BackOffWait> InBackOff,
    bool Finish)
{
    public static readonly PodActions Nothing = new([], [], false);

    /// <summary>Containers to kill first, for a failed liveness or startup probe (SyncPod step 3).</summary>
    public IReadOnlyList<ProbeKill> ToKill { get; init; } = [];

    /// <summary>Running containers whose spec changed (a new image): kill them, then start them again on the new spec.</summary>
    public IReadOnlyList<DefinitionChangeKill> ToReplace { get; init; } = [];
}
