namespace Podvisor.Engine.Planning;

/// <summary>
/// What the kill of one container has learnt so far: the grace it began with and the instants it has measured. The
/// worker adds each instant as it happens and asks <see cref="KillPlanner.Plan"/> again; nothing here is a clock.
/// </summary>
/// <param name="GraceSeconds">The grace period the kill began with (docs/kubelet-behaviour.md §4.1); 0 means kill now.</param>
/// <param name="Start">When the kill began: the instant the kubelet counts the preStop hook's seconds from.</param>
/// <param name="HasPreStop">The container has a preStop hook and was still running when its kill began.</param>
/// <param name="IsSidecar">A sidecar in a pod kill: its stop signal waits for its turn (kuberuntime_termination_order.go).</param>
/// <param name="LaterDeletion">A later, shorter deletion, if one has come.</param>
/// <param name="PreStopEnded">When the preStop hook ended or was given up.</param>
/// <param name="TurnEnded">When a sidecar's turn came, or its wait was given up.</param>
/// <param name="Hold">When a held stop signal (the <c>late-stop-signal</c> fault) began and ended.</param>
/// <param name="SignalSentAt">When the stop signal was sent.</param>
internal sealed record KillFacts(
    long GraceSeconds,
    DateTimeOffset Start,
    bool HasPreStop,
    bool IsSidecar,
    LaterDeletion? LaterDeletion = null,
    DateTimeOffset? PreStopEnded = null,
    DateTimeOffset? TurnEnded = null,
    (DateTimeOffset Started, DateTimeOffset Ended)? Hold = null,
    DateTimeOffset? SignalSentAt = null);
