namespace Podvisor.Bench.Core;

/// <summary>
/// Issue 17 goal 5 (the CRI runtime compared with <c>podman kube play</c> of the same image) and issue 11's own targets,
/// judged from scenario 8's figures of this run only.
/// </summary>
internal static class CriGoals
{
    /// <summary>Issue 17 goal 5: the comparison exists (both sides measured in this run), with its ratios.</summary>
    public static (string, string, string, string) Comparison(Results results)
    {
        const string goal = "5. CRI: podvisor + containerd vs `podman kube play` of the same image (scenario 8)";
        var (podvisor, podman, scheduled) = Create(results);
        if (podvisor is null)
        {
            return (goal, Goals.NotMeasured, "compared", "not measured");
        }

        if (podman is null)
        {
            return (goal, $"podvisor whole CLI {Report.Num(podvisor.Median)} ms; podman not measured (see scenario 8's notes)", "compared", "not met (no podman figure)");
        }

        var measured = $"create → Running: whole CLI {Report.Num(podvisor.Median)} ms, {podvisor.Median / podman.Median:0.00}× `kube play` ({Report.Num(podman.Median)} ms)"
            + (scheduled is { } s ? $"; Scheduled → Running {Report.Num(s.Median)} ms, {s.Median / podman.Median:0.00}×" : string.Empty)
            + (Pull(results) is ({ } p, { } q) ? $"; pull ~5 MB {p.Median / q.Median:0.00}× `podman pull`" : string.Empty)
            + " (issue 11's targets below)";
        return (goal, measured, "compared", "met (compared)");
    }

    /// <summary>Issue 11, "Performance": create ≤ 0.5× podman, SIGKILL p99 ≤ 5 ms, pull ≤ 1.2× podman.</summary>
    public static IEnumerable<(string, string, string, string)> Rows(Results results)
    {
        var (podvisor, podman, scheduled) = Create(results);
        const string createGoal = "create → Running, one container, image present: podvisor + containerd vs `podman kube play` (medians)";
        if (podvisor is null || podman is null)
        {
            yield return (createGoal, podvisor is null ? Goals.NotMeasured : "podman not measured", "≤ 0.5× podman", "not measured");
        }
        else
        {
            var ratio = podvisor.Median / podman.Median;
            var inContainerd = results.Figures.FirstOrDefault(f => f.Group == Groups.CriCreateFloor && f.Role == Role.Limit)?.Stats;
            var measured = $"whole CLI (own containerd started each run) {Report.Num(podvisor.Median)} ms against {Report.Num(podman.Median)} ms: {ratio:0.00}×, n = {podvisor.Count}"
                + (scheduled is { } s ? $"; Scheduled → Running only {Report.Num(s.Median)} ms: {s.Median / podman.Median:0.00}×" : string.Empty)
                + (inContainerd is { } c ? $"; containerd's own three calls alone (its log, the floor of any CRI client) {Report.Num(c.Median)} ms: {c.Median / podman.Median:0.00}×" : string.Empty);
            var verdict = ratio <= 0.5 ? "met"
                : inContainerd is { } f && f.Median / podman.Median > 0.5 ? "not met: containerd's own calls alone exceed 0.5×"
                : "not met";
            yield return (createGoal, measured, "≤ 0.5× podman (whole CLI)", verdict);
        }

        const string killGoal = "SIGKILL lateness on the CRI runtime (grace 2 s, PID 1 ignores SIGTERM, both cores busy; dead after SIGTERM arrival + 2 s, pidfd)";
        var death = results.Figures.FirstOrDefault(f => f.Group == Groups.CriSigkill && f.Role == Role.Podvisor && f.Metric == Scenarios.CriSigkill.DeathMetric)?.Stats;
        var own = results.Figures.FirstOrDefault(f => f.Role == Role.Podvisor && f.Metric == Scenarios.CriSigkill.OwnDeadlineMetric)?.Stats;
        var floor = results.Figures.FirstOrDefault(f => f.Group == Groups.FloorDeadlineBusy && f.Role == Role.Limit && f.Scenario == Scenarios.CriScenario.Name)?.Stats;
        yield return death is null
            ? (killGoal, Goals.NotMeasured, "p99 ≤ 5 ms", "not measured")
            : (killGoal, $"p50 {Report.Num(death.Median)}, p99 {Report.Num(death.P99)} ms, n = {death.Count}"
                + (floor is { } l ? $" (C floor under the same load, SCHED_FIFO waiter: p50 {Report.Num(l.Median)}, p99 {Report.Num(l.P99)} ms)" : string.Empty)
                + (own is { } o ? $"; after podvisor's own StopSignalSent + 2 s: p50 {Report.Num(o.Median)}, p99 {Report.Num(o.P99)} ms" : string.Empty),
                "p99 ≤ 5 ms", death.P99 <= 5 ? "met" : "not met");

        const string pullGoal = "pull of a ~5 MB image from the loopback registry, image absent: podvisor's `Pulled` duration vs `podman pull` (medians)";
        var (pv, pm) = Pull(results);
        yield return pv is null || pm is null
            ? (pullGoal, pv is null ? Goals.NotMeasured : $"podvisor {Report.Num(pv.Median)} ms; podman not measured", "≤ 1.2× podman", "not measured")
            : (pullGoal, $"{Report.Num(pv.Median)} ms against {Report.Num(pm.Median)} ms: {pv.Median / pm.Median:0.00}×, n = {pv.Count}", "≤ 1.2× podman",
                pv.Median / pm.Median <= 1.2 ? "met" : "not met");
    }

    private static (Distribution? Podvisor, Distribution? Podman, Distribution? Scheduled) Create(Results results)
    {
        var inGroup = results.Figures.Where(f => f.Group == Groups.CriCreate).ToList();
        return (inGroup.FirstOrDefault(f => f.Role == Role.Podvisor && f.Metric == Scenarios.CriCreate.PodvisorMetric)?.Stats,
            inGroup.FirstOrDefault(f => f.Role == Role.Peer && f.Metric == Scenarios.CriCreate.PlayMetric)?.Stats is { Median: > 0 } play ? play : null,
            inGroup.FirstOrDefault(f => f.Role == Role.Podvisor && f.Metric == Scenarios.CriCreate.ScheduledMetric)?.Stats);
    }

    private static (Distribution? Podvisor, Distribution? Podman) Pull(Results results)
    {
        var inGroup = results.Figures.Where(f => f.Group == Groups.CriPull).ToList();
        return (inGroup.FirstOrDefault(f => f.Role == Role.Podvisor)?.Stats, inGroup.FirstOrDefault(f => f.Role == Role.Peer)?.Stats is { Median: > 0 } p ? p : null);
    }
}
