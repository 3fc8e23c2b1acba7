using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Containers;

/// <summary>
/// Everything the engine knows of one container at an instant; an immutable snapshot that the pod worker
/// replaces on each transition and that the status generator reads.
/// </summary>
/// <param name="Current">The newest instance, or null before the first start or while waiting to restart.</param>
/// <param name="LastTermination">The previous instance's end (<c>lastState.terminated</c>).</param>
/// <param name="Waiting">Why no instance runs now, when there is a reason to show.</param>
/// <param name="StartAttempts">How many instances were created; the next one's attempt number.</param>
internal sealed record ContainerRecord(
    ContainerDefinition Definition,
    InstanceRecord? Current,
    TerminatedRecord? LastTermination,
    WaitingRecord? Waiting,
    int StartAttempts)
{
    /// <summary>When a start without an instance last failed (image errors): the back-off runs from there.</summary>
    public DateTimeOffset WaitingSince { get; init; }

    /// <summary>
    /// After a start failed on a pod sync error (<c>CreateContainerConfigError</c>), the next attempt waits until then:
    /// the kubelet's pod worker requeues a failed sync after its back-off period, with no per-container back-off.
    /// </summary>
    public DateTimeOffset? SyncRetryAt { get; init; }

    /// <summary>The instance the kubelet killed for a failed liveness/startup probe: it restarts unless the policy is Never.</summary>
    public string? ProbeKilledContainerId { get; init; }

    /// <summary>The instance the kubelet killed because its spec changed: it restarts whatever the restart policy.</summary>
    public string? ChangeKilledContainerId { get; init; }

    public static ContainerRecord Initial(ContainerDefinition definition) => new(definition, null, null, null, 0);

    public string Name => Definition.Name;

    public bool IsRunning => Current is { IsRunning: true };

    /// <summary>The end of the newest instance, whether it is still current or already moved to lastState.</summary>
    public TerminatedRecord? NewestTermination => Current is null ? LastTermination : Current.Terminated;

    public bool NeverStarted => Current is null && LastTermination is null && StartAttempts == 0;
}
