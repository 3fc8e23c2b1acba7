namespace Podvisor.Engine.Timeline;

/// <summary>Every lifecycle step the engine takes, in the words of the kubelet's flow.</summary>
internal enum TimelineStep
{
    PodAdmitted,
    ContainerSpawned,
    ContainerStartFailed,
    PostStartStarted,
    PostStartSucceeded,
    PostStartFailed,
    ContainerRunning,
    ContainerExited,
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
}
