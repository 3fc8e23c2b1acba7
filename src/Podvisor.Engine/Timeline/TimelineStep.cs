namespace Podvisor.Engine.Timeline;

/// <summary>Every lifecycle step the engine takes, in the words of the kubelet's flow.</summary>
public enum TimelineStep
{
    /// <summary>The engine took the pod.</summary>
    PodAdmitted,
    /// <summary>The runtime started a container instance's process.</summary>
    ContainerSpawned,
    /// <summary>The runtime could not start it (detail: the kubelet's reason and message).</summary>
    ContainerStartFailed,
    /// <summary>The postStart handler began.</summary>
    PostStartStarted,
    /// <summary>The postStart handler returned successfully.</summary>
    PostStartSucceeded,
    /// <summary>The postStart handler failed: the container will be killed.</summary>
    PostStartFailed,
    /// <summary>The container is reported running (its postStart returned).</summary>
    ContainerRunning,
    /// <summary>The instance's process ended (payload: exit code, signal, runtime reason).</summary>
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
    /// <summary>A restart waits out CrashLoopBackOff (payload: the back-off and the restart instant).</summary>
    BackOff,
    /// <summary>A deletion arrived (payload: its grace period).</summary>
    DeletionRequested,
    /// <summary>The preStop handler began.</summary>
    PreStopStarted,
    /// <summary>The preStop handler returned successfully.</summary>
    PreStopSucceeded,
    /// <summary>The preStop handler failed; the kill goes on.</summary>
    PreStopFailed,
    /// <summary>The grace period ran out while the preStop handler was still running.</summary>
    PreStopTimedOut,
    /// <summary>The stop signal was sent (payload: signal and remaining grace).</summary>
    StopSignalSent,
    /// <summary>SIGKILL was sent (payload: forced or at the deadline).</summary>
    KillSent,
    /// <summary>Every container of the pod has stopped.</summary>
    PodTerminated,
    /// <summary>The pod is gone (its volumes removed).</summary>
    PodRemoved,

    /// <summary>The pod's app containers have stopped and its defer containers begin (detail: how many, and the deadline).</summary>
    DeferContainersStarted,

    /// <summary>A defer container was not run: the grace period was used up, or the deletion was forced.</summary>
    DeferContainerSkipped,

    /// <summary>A <c>--chaos</c> fault was injected (podvisor's own step; the detail names the fault).</summary>
    ChaosInjected,
}
