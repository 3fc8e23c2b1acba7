namespace Podvisor.Engine.Timeline;

/// <summary>Every lifecycle step the engine takes, in the words of the kubelet's flow.</summary>
public enum TimelineStep
{
    PodAdmitted,
    ContainerSpawned,
    ContainerStartFailed,
    PostStartStarted,
    PostStartSucceeded,
    PostStartFailed,
    ContainerRunning,
    ContainerExited,

    /// <summary>The startup probe passed: the container is <c>started</c>, liveness and readiness probing begin.</summary>
    StartupProbeSucceeded,

    /// <summary>The startup probe failed <c>failureThreshold</c> times in a row: the container will be killed.</summary>
    StartupProbeFailed,

    /// <summary>The liveness probe failed <c>failureThreshold</c> times in a row: the container will be killed.</summary>
    LivenessProbeFailed,

    /// <summary>The readiness probe's committed result became Success: the container is <c>ready</c>.</summary>
    ContainerReady,

    /// <summary>The readiness probe's committed result became Failure: the container is no longer <c>ready</c>.</summary>
    ContainerNotReady,
    BackOff,
    DeletionRequested,
    PreStopStarted,
    PreStopSucceeded,
    PreStopFailed,
    PreStopTimedOut,
    StopSignalSent,
    KillSent,
    PodTerminated,
    PodRemoved,

    /// <summary>The pod's app containers have stopped and its defer containers begin (detail: how many, and the deadline).</summary>
    DeferContainersStarted,

    /// <summary>A defer container was not run: the grace period was used up, or the deletion was forced.</summary>
    DeferContainerSkipped,

    /// <summary>A <c>--chaos</c> fault was injected (podvisor's own step; the detail names the fault).</summary>
    ChaosInjected,
}
