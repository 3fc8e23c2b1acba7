using Podvisor.Engine.Hooks;

namespace Podvisor.Cli.Report;

/// <summary>A span of a lane.</summary>
/// <param name="Label">State: Waiting, Running or Terminated; hooks: the handler; grace: the signal.</param>
/// <param name="Reason">State: the status reason (ContainerCreating, CrashLoopBackOff, Completed...); hooks: Succeeded, Failed, TimedOut or Running.</param>
/// <param name="Detail">What hovering shows.</param>
internal sealed record ReportSpan(SpanKind Kind, DateTimeOffset From, DateTimeOffset To, string Label, string Reason, string Detail)
{
    /// <summary>Hooks: what the handler returned and how long it took, when it ended by itself.</summary>
    public HookOutcome? Hook { get; init; }
}
