namespace Podvisor.Engine.Timeline.Termination;

/// <summary>Why a container instance ended, as far as the engine's timeline and the runtime can tell.</summary>
public enum TerminationCause
{
    /// <summary>Its process exited by itself: nobody asked it to stop.</summary>
    Exited,

    /// <summary>Stopped (deletion, a sidecar's turn to stop) and it exited on the stop signal inside the grace period.</summary>
    StopSignal,

    /// <summary>Stopped, and still running when the grace period ran out: SIGKILLed.</summary>
    GracePeriodExceeded,

    /// <summary>Killed at once: a zero grace period (<c>--force</c>) or a second Ctrl-C.</summary>
    Forced,

    /// <summary>Its liveness probe failed <c>failureThreshold</c> times in a row: the kubelet killed it.</summary>
    LivenessProbe,

    /// <summary>Its startup probe failed <c>failureThreshold</c> times in a row: the kubelet killed it.</summary>
    StartupProbe,

    /// <summary>Its postStart hook failed (<c>FailedPostStartHook</c>): the kubelet killed it.</summary>
    PostStartHook,

    /// <summary>The runtime reported <c>OOMKilled</c> (the CRI runtime; the process runtime sets no memory limit).</summary>
    OomKilled,
}
