namespace Podvisor.Engine.Defer;

/// <summary>The fate of one defer container when its turn comes.</summary>
internal enum DeferStep
{
    /// <summary>Start it and wait for it to complete, or for the deadline (then SIGKILL).</summary>
    Run,

    /// <summary>The deletion was forced (grace 0): the proposal runs no defer container.</summary>
    SkipForced,

    /// <summary>The grace period is used up: an earlier defer container was killed at the deadline, no later one runs.</summary>
    SkipGraceExhausted,
}
