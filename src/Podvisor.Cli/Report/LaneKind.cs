namespace Podvisor.Cli.Report;

/// <summary>What a lane of the timeline page shows: the pod itself, or one of its containers by role.</summary>
internal enum LaneKind
{
    Pod,
    Init,
    Sidecar,
    App,

    /// <summary>A defer container (podvisor.io/defer-containers): runs once the app containers have stopped.</summary>
    Defer,
}
