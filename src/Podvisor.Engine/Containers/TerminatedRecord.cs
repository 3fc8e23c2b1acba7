namespace Podvisor.Engine.Containers;

/// <summary>A finished container instance, as <c>state.terminated</c> shows it.</summary>
internal sealed record TerminatedRecord(
    int ExitCode,
    int? Signal,
    string Reason,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string ContainerId);
