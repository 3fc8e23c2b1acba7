namespace Podvisor.Cli.Report;

/// <summary>A stretch of time on a lane.</summary>
internal enum SpanKind
{
    /// <summary>The container's state (Waiting, Running, Terminated), as its status reports it.</summary>
    State,

    PostStart,
    PreStop,

    /// <summary>From the start of a stop to its SIGKILL deadline.</summary>
    Grace,
}
