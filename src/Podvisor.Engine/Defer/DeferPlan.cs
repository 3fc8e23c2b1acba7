using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Defer;

/// <summary>
/// The pure rules of the defer phase, from the proposal (kubernetes/community PR 483, "TerminationGracePeriod"): defer
/// containers run one by one inside the pod's grace period, keep the kubelet's 2 s minimum, and a forced deletion
/// (grace 0) runs none of them.
/// </summary>
internal static class DeferPlan
{
    /// <summary>kuberuntime_manager.go <c>minimumGracePeriodInSeconds</c>, which the proposal keeps for defer containers.</summary>
    public static readonly TimeSpan MinimumGracePeriod = KillPlanner.MinimumGracePeriod;

    /// <summary>
    /// When the last defer container is SIGKILLed: the end of the grace period that began at <paramref name="terminationStart"/>,
    /// but never less than the 2 s minimum after the app containers stopped (<paramref name="appsStopped"/>), as a preStop hook
    /// that used the whole grace still leaves 2 s to the stop signal.
    /// </summary>
    public static DateTimeOffset Deadline(DateTimeOffset terminationStart, long graceSeconds, DateTimeOffset appsStopped)
    {
        var end = terminationStart + TimeSpan.FromSeconds(Math.Max(graceSeconds, 0));
        var floor = appsStopped + MinimumGracePeriod;
        return end > floor ? end : floor;
    }

    /// <summary>What to do with the next defer container in order.</summary>
    public static DeferStep Next(bool forced, DateTimeOffset now, DateTimeOffset deadline) =>
        forced ? DeferStep.SkipForced
        : now >= deadline ? DeferStep.SkipGraceExhausted
        : DeferStep.Run;
}
