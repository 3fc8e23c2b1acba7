namespace Podvisor.Engine.Containers;

/// <summary>The newest instance of a container.</summary>
/// <param name="Attempt">0 for the first instance; the container's <c>restartCount</c> once it is reported.</param>
/// <param name="Reported">False while its postStart hook runs: the kubelet's status still shows the previous snapshot.</param>
/// <param name="Terminated">Set once the process has exited.</param>
internal sealed record InstanceRecord(
    string ContainerId,
    int Attempt,
    DateTimeOffset StartedAt,
    bool Reported,
    TerminatedRecord? Terminated)
{
    /// <summary>The startup probe has succeeded for this instance (kubelet <c>started</c>, with a startup probe).</summary>
    public bool StartupSucceeded { get; init; }

    /// <summary>The readiness probe's committed result for this instance is Success.</summary>
    public bool ReadinessSucceeded { get; init; }

    /// <summary>A liveness or startup probe failed for good: the instance must be killed.</summary>
    public Probes.ProbeKind? ProbeFailure { get; init; }

    /// <summary>
    /// The image this instance was started from: once the pod's spec names another, the kubelet sees the container's
    /// hash change and restarts it (kuberuntime_manager.go <c>containerChanged</c>). Null when unknown.
    /// </summary>
    public string? Image { get; init; }

    public bool IsRunning => Terminated is null;
}
