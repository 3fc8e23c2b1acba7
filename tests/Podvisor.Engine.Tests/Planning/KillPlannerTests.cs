using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Tests.Planning;

/// <summary>
/// The grace arithmetic of <c>killContainer</c> (pkg/kubelet/kuberuntime/kuberuntime_container.go), a row per case: the
/// grace the kill began with, how long each wait took (seconds after the kill's start), and what the kubelet gives the
/// container between stop signal and SIGKILL. No runtime, no clock.
/// </summary>
public sealed class KillPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // grace, preStop took (null: no hook), sidecar's turn took (null: not a sidecar), stop signal held (late-stop-signal),
    // later deletion (at, seconds) | forced, preStop deadline, stop grace, 2 s minimum applied, SIGKILL at
    [InlineData(30L, null, null, null, null, null, false, 30.0, 30.0, false, 30.0)]
    // executePreStopHook returns whole seconds: 5.9 s of hook costs 5 s, so SIGKILL comes 0.9 s after the grace's end.
    [InlineData(30L, 5.9, null, null, null, null, false, 30.0, 25.0, false, 30.9)]
    [InlineData(5L, 1.0, null, null, null, null, false, 5.0, 4.0, false, 5.0)]
    // A hook that outlasts the grace is given up at its end; the minimum still leaves 2 s: the total reaches G + 2.
    [InlineData(5L, 5.0, null, null, null, null, false, 5.0, 2.0, true, 7.0)]
    [InlineData(1L, 1.0, null, null, null, null, false, 1.0, 2.0, true, 3.0)]
    [InlineData(2L, null, null, null, null, null, false, 2.0, 2.0, false, 2.0)]
    [InlineData(1L, null, null, null, null, null, false, 1.0, 2.0, true, 2.0)]
    // Grace 0: no hook, no stop signal, SIGKILL at once.
    [InlineData(0L, null, null, null, null, null, true, 0.0, 2.0, true, 0.0)]
    // Sidecars (kuberuntime_termination_order.go): the turn is waited for within what the hook left, in whole seconds.
    [InlineData(10L, 2.5, 3.7, null, null, null, false, 10.0, 5.0, false, 11.2)]
    [InlineData(10L, null, 10.0, null, null, null, false, 10.0, 2.0, true, 12.0)]
    // A hook that used the whole grace leaves nothing to wait for a turn with: the sidecar is signalled at once.
    [InlineData(3L, 3.0, 0.0, null, null, null, false, 3.0, 2.0, true, 5.0)]
    // late-stop-signal holds the signal until the 2 s minimum is what is left: not raised to it, it is it.
    [InlineData(30L, null, null, 28.0, null, null, false, 30.0, 2.0, false, 30.0)]
    [InlineData(30L, 4.2, null, 24.0, null, null, false, 30.0, 2.0, false, 30.2)]
    // A later, shorter deletion: the hook is given up at its end; a stop signal already sent keeps the 2 s minimum.
    [InlineData(30L, 4.0, null, null, 3.0, 1L, false, 4.0, 26.0, false, 5.0)]
    [InlineData(30L, null, null, null, 10.0, 5L, false, 15.0, 30.0, false, 15.0)]
    [InlineData(30L, null, null, null, 10.0, 1L, false, 11.0, 30.0, false, 12.0)]
    // A later forced deletion ends every wait when it comes and sends SIGKILL then.
    [InlineData(30L, 3.0, null, null, 3.0, 0L, true, 3.0, 27.0, false, 3.0)]
    public void Plan_CountsWholeSeconds_TurnsAndTheMinimumAsKillContainerDoes(
        long grace,
        double? preStop,
        double? turn,
        double? hold,
        double? laterAt,
        long? laterSeconds,
        bool forced,
        double preStopDeadline,
        double stopGrace,
        bool minimumApplied,
        double killAt)
    {
        var facts = FactsOf(grace, preStop, turn, hold, laterAt, laterSeconds);

        var plan = KillPlanner.Plan(facts);

        Assert.Equal(forced, plan.Forced);
        Assert.Equal(At(preStopDeadline), plan.PreStopDeadline);
        Assert.Equal(TimeSpan.FromSeconds(stopGrace), plan.StopGrace);
        Assert.Equal(minimumApplied, plan.MinimumApplied);
        Assert.Equal(At(killAt), plan.KillAt);
    }

    [Theory]
    // grace, preStop exists, sidecar, later forced deletion | runs preStop, waits for turn (before either wait happens)
    [InlineData(30L, true, false, false, true, false)]
    [InlineData(30L, false, true, false, false, true)]
    [InlineData(30L, true, true, false, true, true)]
    [InlineData(0L, true, true, false, false, false)]
    [InlineData(30L, true, true, true, false, false)]
    public void Plan_RunsTheHookAndWaitsForTheTurn_OnlyWhenNotForced(long grace, bool hasPreStop, bool sidecar, bool laterForced, bool runsPreStop, bool waitsForTurn)
    {
        var later = laterForced ? new LaterDeletion(T0, 0) : (LaterDeletion?)null;

        var plan = KillPlanner.Plan(new KillFacts(grace, T0, hasPreStop, sidecar, later));

        Assert.Equal(runsPreStop, plan.RunsPreStop);
        Assert.Equal(waitsForTurn, plan.WaitsForTurn);

        // Before the stop signal is sent, SIGKILL is due only when the kill is forced.
        Assert.Equal(plan.Forced, plan.KillAt is not null);
    }

    [Fact]
    public void Plan_TurnDeadline_IsWhatTheHookLeft_CountedFromTheHooksEnd()
    {
        var plan = KillPlanner.Plan(new KillFacts(10, T0, HasPreStop: true, IsSidecar: true, PreStopEnded: At(3.6)));

        Assert.Equal(TimeSpan.FromSeconds(7), plan.GraceAfterPreStop);
        Assert.Equal(At(10.6), plan.TurnDeadline);
        Assert.Null(plan.KillAt);
    }

    [Theory]
    // current grace counted from (s), its seconds, a deletion at (s) with seconds | shortens
    [InlineData(0.0, 30L, 1.0, 40L, false)]
    [InlineData(0.0, 30L, 1.0, 29L, false)]
    [InlineData(0.0, 30L, 1.0, 28L, true)]
    [InlineData(0.0, 30L, 1.0, 5L, true)]
    [InlineData(0.0, 30L, 29.0, 0L, true)]
    [InlineData(0.0, 0L, 1.0, 0L, true)]
    [InlineData(0.0, 0L, 0.0, 1L, false)]
    public void Shortens_OnlyAnEarlierEnd_OrZero(double from, long seconds, double now, long requested, bool shortens) =>
        Assert.Equal(shortens, KillPlanner.Shortens(At(from), seconds, At(now), requested));

    [Theory]
    // deadline (s), later deletion (at, seconds), floor (s) | capped deadline
    [InlineData(30.0, null, null, 2.0, 30.0)]
    [InlineData(30.0, 10.0, 5L, 0.0, 15.0)]
    [InlineData(30.0, 10.0, 1L, 2.0, 12.0)]
    [InlineData(30.0, 10.0, 1L, 0.0, 11.0)]
    [InlineData(11.0, 10.0, 5L, 0.0, 11.0)]
    [InlineData(30.0, 10.0, 0L, 2.0, 10.0)]
    [InlineData(5.0, 10.0, 0L, 2.0, 5.0)]
    public void Deadline_IsCappedByALaterDeletion_KeepingTheFloor(double deadline, double? laterAt, long? laterSeconds, double floor, double expected)
    {
        var later = laterAt is { } at ? new LaterDeletion(At(at), laterSeconds ?? 0) : (LaterDeletion?)null;

        Assert.Equal(At(expected), KillPlanner.Deadline(At(deadline), later, TimeSpan.FromSeconds(floor)));
    }

    [Theory]
    // pod's terminationGracePeriodSeconds, the failing probe's | grace of the kill (setTerminationGracePeriod)
    [InlineData(30L, null, 30L)]
    [InlineData(30L, 5L, 5L)]
    [InlineData(30L, 60L, 60L)]
    [InlineData(30L, 0L, 0L)]
    public void ProbeKillGraceSeconds_TheProbesOwnWinsOverThePods(long pod, long? probe, long expected) =>
        Assert.Equal(expected, KillPlanner.ProbeKillGraceSeconds(pod, probe));

    [Fact]
    public void MinimumGracePeriod_IsTheKubeletsTwoSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(2), KillPlanner.MinimumGracePeriod);

    /// <summary>The facts the worker gathers, in its order: hook, then turn, then hold, then the stop signal.</summary>
    private static KillFacts FactsOf(long grace, double? preStop, double? turn, double? hold, double? laterAt, long? laterSeconds)
    {
        var later = laterAt is { } at ? new LaterDeletion(At(at), laterSeconds ?? 0) : (LaterDeletion?)null;
        var facts = new KillFacts(grace, T0, HasPreStop: preStop is not null, IsSidecar: turn is not null, later);
        var now = T0;
        if (preStop is { } hook)
        {
            now = At(hook);
            facts = facts with { PreStopEnded = now };
        }

        if (turn is { } waited)
        {
            now += TimeSpan.FromSeconds(waited);
            facts = facts with { TurnEnded = now };
        }

        if (hold is { } held)
        {
            facts = facts with { Hold = (now, now + TimeSpan.FromSeconds(held)) };
            now += TimeSpan.FromSeconds(held);
        }

        return facts with { SignalSentAt = now };
    }

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);
}
