namespace Podvisor.Cli.Report;

/// <summary>What a lane of the timeline page shows: the pod itself, or one of its containers by role.</summary>
internal enum LaneKind
{
    Pod,
    Init,
    Sidecar,
    App,
}
