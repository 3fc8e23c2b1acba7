namespace Podvisor.Cli.Rollout;

/// <summary>
/// Failed requests grouped by where they fell in the rollout: after which old pod's stop signal (the last one sent
/// before the request), or before any; with their kinds and the span relative to the restart and to that signal.
/// </summary>
/// <param name="AfterSignalOf">The pod whose stop signal came last before these requests; null: before any signal.</param>
internal sealed record FailureWindow(
    string? AfterSignalOf,
    int Count,
    IReadOnlyDictionary<FailureKind, int> Kinds,
    TimeSpan FirstSinceRestart,
    TimeSpan LastSinceRestart,
    TimeSpan? FirstSinceSignal,
    TimeSpan? LastSinceSignal);
