namespace Podvisor.Cli.Report;

/// <summary>An instant on a lane.</summary>
internal enum MarkerKind
{
    /// <summary>The stop signal, or SIGKILL.</summary>
    Signal,

    /// <summary>A probe result: a committed transition (startup passed, ready, not ready, liveness failed) or an Unhealthy event.</summary>
    Probe,

    /// <summary>Any other event about the lane's container or pod.</summary>
    Event,

    /// <summary>The pod's deletion (its grace period) or termination.</summary>
    Pod,
}
