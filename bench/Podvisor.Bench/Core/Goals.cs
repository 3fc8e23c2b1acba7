using System.Globalization;
using System.Text;

namespace Podvisor.Bench.Core;

/// <summary>
/// Issue 17's goals, judged from this run's figures only: a goal whose figures this run did not measure says so
/// rather than borrowing an older figure.
/// </summary>
internal static class Goals
{
    public const string NotMeasured = "not measured in this run";

    public static string Markdown(Results results)
    {
        var md = new StringBuilder("\n## Goals (issue 17)\n\n| goal | measured | target | met? |\n|---|---|---|---|\n");
        foreach (var (goal, measured, target, met) in Rows(results))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {goal} | {measured} | {target} | {met} |\n");
        }

        md.Append("\n## Targets of issue 11 (the CRI runtime, scenario 8)\n\n| target | measured | goal | met? |\n|---|---|---|---|\n");
        foreach (var (goal, measured, target, met) in CriGoals.Rows(results))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {goal} | {measured} | {target} | {met} |\n");
        }

        return md.ToString();
    }

    private static IEnumerable<(string Goal, string Measured, string Target, string Met)> Rows(Results results)
    {
        yield return StartUp(results);
        yield return Sigkill(results);
        foreach (var row in Memory(results))
        {
            yield return row;
        }

        yield return Scale(results);
        yield return Api(results);
        yield return CriGoals.Comparison(results);
    }

    private static (string, string, string, string) StartUp(Results results)
    {
        const string goal = "1. `podvisor run` start → ContainerRunning (whole CLI, median)";
        var podvisor = Find(results, Groups.Create, Role.Podvisor, "podvisor", "cli");
        var podman = Find(results, Groups.Create, Role.Peer, "podman", "cli");
        if (podvisor?.Stats is not { } p)
        {
            return (goal, NotMeasured, "≤ 0.5× podman, ≤ 60 ms", "not measured");
        }

        var ratio = podman?.Stats is { } q && q.Median > 0 ? p.Median / q.Median : double.NaN;
        var measured = $"{Report.Num(p.Median)} ms" + (double.IsNaN(ratio) ? " (podman not measured)" : $", {ratio:0.00}× podman ({Report.Num(podman!.Stats!.Median)} ms)");
        var met = !double.IsNaN(ratio) && ratio <= 0.5 && p.Median <= 60 ? "met" : "not met";
        return (goal, measured, "≤ 0.5× podman, ≤ 60 ms", met);
    }

    private static (string, string, string, string) Sigkill(Results results)
    {
        const string goal = "2. SIGKILL lateness, both cores busy (dead after SIGTERM arrival + 2 s)";
        var podvisor = results.Figures.FirstOrDefault(f => f.Group == Groups.Sigkill && f.Role == Role.Podvisor && f.Metric == "dead after SIGTERM arrival + 2 s");
        var floor = results.Figures.FirstOrDefault(f => f.Group == Groups.FloorDeadlineBusy && f.Role == Role.Limit);
        if (podvisor?.Stats is not { } p)
        {
            return (goal, NotMeasured, "p99 ≤ 2 ms, n ≥ 50", "not measured");
        }

        var measured = $"p50 {Report.Num(p.Median)} ms, p99 {Report.Num(p.P99)} ms, n = {p.Count}"
            + (floor?.Stats is { } l ? $" (C floor, {floor.Metric}: p50 {Report.Num(l.Median)}, p99 {Report.Num(l.P99)} ms)" : string.Empty);
        return (goal, measured, "p99 ≤ 2 ms, n ≥ 50", p.P99 <= 2 && p.Count >= 50 ? "met" : "not met");
    }

    private static IEnumerable<(string, string, string, string)> Memory(Results results)
    {
        var one = Rss(results, 1);
        var thousand = Rss(results, 1000);
        yield return ("3. RSS, `podvisor run` of 1 pod", one is { } a ? $"{Report.Num(a)} MiB" : NotMeasured, "≤ 40 MiB",
            one is null ? "not measured" : one <= 40 ? "met" : "not met");
        var growth = one is { } x && thousand is { } y ? $"; {(y - x) * 1024 / 999:0} KiB per extra pod" : string.Empty;
        yield return ("3. RSS, `podvisor run` of 1000 pods", thousand is { } b ? $"{Report.Num(b)} MiB{growth}" : NotMeasured, "≤ 68 MiB (0.5× 136 MiB)",
            thousand is null ? "not measured" : thousand <= 68 ? "met" : "not met");
    }

    private static readonly int[] ScaleCounts = [1, 10, 100, 1000, 5000];

    private static (string, string, string, string) Scale(Results results)
    {
        const string goal = "4. scale: 5000 pods in one `podvisor run` → all Running, cost per pod vs 1000; stop";
        const string target = "per pod at 5000 ≤ at 1000; all stopped";
        var curve = ScaleCounts.Select(n => (N: n, PerPod: Median(results, $"scale N={n}: time to all Running, per pod"))).ToList();
        var at1000 = curve[3].PerPod;
        var at5000 = curve[4].PerPod;
        if (at1000 is null)
        {
            return (goal, NotMeasured, target, "not measured");
        }

        if (at5000 is null)
        {
            // Either podvisor could not run 5000 (its note says why: not met), or the scenario never got to 5000.
            var reason = results.Notes.GetValueOrDefault("scale")?.FirstOrDefault(n => n.StartsWith("podvisor N=5000", StringComparison.Ordinal));
            return reason is null
                ? (goal, $"5000 not measured in this run (the scenario ended before it; see its notes); per pod at 1000: {Report.Num(at1000.Value)} ms", target, "not measured")
                : (goal, $"5000 pods did not all reach Running ({reason}); per pod at 1000: {Report.Num(at1000.Value)} ms", target, "not met");
        }

        var stop = Median(results, "scale N=5000: time to stop all, per pod");
        var measured = "per pod (ms) at N = " + string.Join(", ", curve.Where(c => c.PerPod is not null).Select(c => $"{c.N}: {Report.Num(c.PerPod!.Value)}"))
            + $"; 5000 ÷ 1000 = {at5000.Value / at1000.Value:0.00}" + (stop is { } s ? $"; stop all at 5000: {Report.Num(s)} ms/pod" : "; stop all at 5000: not measured");
        return (goal, measured, target, at5000 <= at1000 && stop is not null ? "met" : "not met");
    }

    private static (string, string, string, string) Api(Results results)
    {
        const string goal = "4. serve: 1000 pods created through the API → all Running on a watch; list of 1000; 100 watchers";
        const string target = "reported; every watcher sees every event";
        var perPod = Median(results, Scenarios.ApiScenario.GroupAllRunning);
        var list = results.Figures.FirstOrDefault(f => f.Group == Scenarios.ApiScenario.GroupList && f.Role == Role.Podvisor)?.Stats;
        var lateness = results.Figures.FirstOrDefault(f => f.Group == Scenarios.ApiScenario.GroupFanOut && f.Role == Role.Podvisor)?.Stats;
        var share = Median(results, Scenarios.FanOutResult.Group);
        if (perPod is null && list is null && share is null)
        {
            return (goal, NotMeasured, target, "not measured");
        }

        var measured = (perPod is { } p ? $"all Running {Report.Num(p * Scenarios.ApiScenario.ManyPods / 1000)} s, {Report.Num(p)} ms/pod" : "1000 not all seen Running")
            + (list is { } l ? $"; list p50 {Report.Num(l.Median)}, p99 {Report.Num(l.P99)} ms (n = {l.Count})" : "; list not measured")
            + (share is { } w ? $"; {w * Scenarios.ApiFanOut.Watchers:0} of {Scenarios.ApiFanOut.Watchers} watchers saw every event" : "; fan-out not measured")
            + (lateness is { } d ? $", lateness behind the first watcher p50 {Report.Num(d.Median)}, p99 {Report.Num(d.P99)} ms" : string.Empty);
        return (goal, measured, target, perPod is not null && list is not null && share is 1.0 ? "reported (met)" : "not met");
    }

    private static double? Median(Results results, string group) =>
        results.Figures.FirstOrDefault(f => f.Group == group && f.Role == Role.Podvisor)?.Stats?.Median;

    private static double? Rss(Results results, int n) =>
        results.Figures.FirstOrDefault(f => f.Group == $"scale N={n}: RSS at steady state" && f.Role == Role.Podvisor)?.Stats?.Median;

    private static Figure? Find(Results results, string group, Role role, string tool, string pair) =>
        results.Figures.FirstOrDefault(f => f.Group == group && f.Role == role && f.Tool == tool && f.Pair == pair);
}
