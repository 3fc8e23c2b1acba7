namespace Podvisor.Engine.Planning;

/// <summary>
/// The grace arithmetic of one container's kill, as pure functions (docs/kubelet-behaviour.md §3.2, §4.1–§4.4): the
/// kubelet's <c>killContainer</c> in pkg/kubelet/kuberuntime/kuberuntime_container.go subtracts the preStop hook's
/// elapsed seconds (<c>executePreStopHook</c> returns them truncated to whole seconds), then a sidecar's wait for its
/// turn (<c>terminationOrdering.waitForTurn</c>, kuberuntime_termination_order.go), then raises what is left to
/// <c>minimumGracePeriodInSeconds</c> (kuberuntime_manager.go). The pod worker only waits and signals.
/// </summary>
internal static class KillPlanner
{
    /// <summary>kuberuntime_manager.go <c>minimumGracePeriodInSeconds</c>: the least time between stop signal and SIGKILL.</summary>
    public static readonly TimeSpan MinimumGracePeriod = TimeSpan.FromSeconds(2);

    public static KillPlan Plan(KillFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var later = facts.LaterDeletion;
        var forced = (later?.Seconds ?? facts.GraceSeconds) <= 0;
        var grace = TimeSpan.FromSeconds(Math.Max(facts.GraceSeconds, 0));

        var afterPreStop = facts.PreStopEnded is { } ended ? grace - WholeSeconds(ended - facts.Start) : grace;

        // The turn is waited for within what the hook left, counted from when the hook ended.
        var turnFrom = facts.PreStopEnded ?? facts.Start;
        var afterTurn = facts.TurnEnded is { } turn ? afterPreStop - WholeSeconds(turn - turnFrom) : afterPreStop;
        var atSignal = facts.Hold is { } hold ? afterTurn - WholeSeconds(hold.Ended - hold.Started) : afterTurn;
        var minimumApplied = atSignal < MinimumGracePeriod;
        var stopGrace = minimumApplied ? MinimumGracePeriod : atSignal;

        DateTimeOffset? killAt = forced
            ? later?.At ?? facts.Start
            : facts.SignalSentAt is { } sent ? Deadline(sent + stopGrace, later, MinimumGracePeriod) : null;

        return new KillPlan(
            Forced: forced,
            RunsPreStop: !forced && facts.HasPreStop,
            PreStopDeadline: Deadline(facts.Start + grace, later, TimeSpan.Zero),
            GraceAfterPreStop: afterPreStop,
            WaitsForTurn: !forced && facts.IsSidecar && afterPreStop > TimeSpan.Zero,
            TurnDeadline: Deadline(turnFrom + afterPreStop, later, TimeSpan.Zero),
            GraceAfterTurn: afterTurn,
            GraceAtSignal: atSignal,
            MinimumApplied: minimumApplied,
            StopGrace: stopGrace,
            KillAt: killAt);
    }

    /// <summary>
    /// A container's own <paramref name="deadline"/> under a later, shorter deletion: that deletion's end, but no sooner
    /// than <paramref name="floor"/> after it (the minimum a stop signal already sent still gets); a forced deletion ends
    /// every wait when it comes.
    /// </summary>
    public static DateTimeOffset Deadline(DateTimeOffset deadline, LaterDeletion? later, TimeSpan floor)
    {
        if (later is not { } deletion)
        {
            return deadline;
        }

        var end = deletion.IsForced ? deletion.At : deletion.At + TimeSpan.FromSeconds(Math.Max(deletion.Seconds, (long)floor.TotalSeconds));
        return end < deadline ? end : deadline;
    }

    /// <summary>
    /// Whether a deletion at <paramref name="now"/> with <paramref name="seconds"/> shortens a grace period of
    /// <paramref name="currentSeconds"/> counted from <paramref name="currentFrom"/>: only an earlier end, or 0, does
    /// (the apiserver's <c>BeforeDelete</c> lets a later delete only shorten; pod_workers.go keeps the smallest).
    /// </summary>
    public static bool Shortens(DateTimeOffset currentFrom, long currentSeconds, DateTimeOffset now, long seconds) =>
        seconds == 0 || now + TimeSpan.FromSeconds(seconds) < currentFrom + TimeSpan.FromSeconds(currentSeconds);

    /// <summary>
    /// The grace of a kill for a failed probe (kuberuntime_container.go <c>setTerminationGracePeriod</c>): the probe's own
    /// <c>terminationGracePeriodSeconds</c> when set, else the pod's. A deletion already under way shortens it further.
    /// </summary>
    public static long ProbeKillGraceSeconds(long podSeconds, long? probeSeconds) => probeSeconds ?? podSeconds;

    /// <summary>Go's <c>int64(d.Seconds())</c>: whole seconds, the fraction dropped.</summary>
    private static TimeSpan WholeSeconds(TimeSpan elapsed) => TimeSpan.FromSeconds(Math.Truncate(elapsed.TotalSeconds));
}
