namespace Podvisor.Engine.Planning;

/// <summary>
/// The kill of one container as the kubelet's <c>killContainer</c> computes it from <see cref="KillFacts"/>: each wait's
/// deadline and the grace left after it, counted in whole seconds. Deadlines already account for a later deletion.
/// </summary>
/// <param name="Forced">Grace 0 from the start or by a later deletion: no hook, no turn, no stop signal, SIGKILL now.</param>
/// <param name="RunsPreStop">The preStop hook runs (it exists and the kill is not forced).</param>
/// <param name="PreStopDeadline">When the kubelet stops waiting for the preStop hook: the whole grace after the start.</param>
/// <param name="GraceAfterPreStop">The grace less the hook's whole elapsed seconds (the grace itself before the hook ends).</param>
/// <param name="WaitsForTurn">A sidecar that still has grace left waits for its turn.</param>
/// <param name="TurnDeadline">When a sidecar stops waiting for its turn: what is left of the grace after the hook.</param>
/// <param name="GraceAfterTurn">The grace less the turn's whole waited seconds.</param>
/// <param name="GraceAtSignal">The grace less a held stop signal's whole seconds: what the minimum is compared with.</param>
/// <param name="MinimumApplied">Less than the kubelet's 2 s minimum was left, so the minimum is given instead.</param>
/// <param name="StopGrace">The grace between the stop signal and SIGKILL, as the stop signal's timeline step tells it.</param>
/// <param name="KillAt">When SIGKILL is due: once the signal is sent, or at once when forced; else null.</param>
internal sealed record KillPlan(
    bool Forced,
    bool RunsPreStop,
    DateTimeOffset PreStopDeadline,
    TimeSpan GraceAfterPreStop,
    bool WaitsForTurn,
    DateTimeOffset TurnDeadline,
    TimeSpan GraceAfterTurn,
    TimeSpan GraceAtSignal,
    bool MinimumApplied,
    TimeSpan StopGrace,
    DateTimeOffset? KillAt);
