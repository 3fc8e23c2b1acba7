using System.Globalization;
using System.Text;

namespace Podvisor.Bench.Core;

/// <summary>
/// Issue 17's goals, judged from this run's figures only: a goal whose figures this run did not measure says so
/// rather than borrowing an older figure.
/// </summary>
internal static class Goals
{
    private const string NotMeasured = "not measured in this run";

    public static string Markdown(Results results)
    {
        var md = new StringBuilder("\n## Goals (issue 17)\n\n| goal | measured | target | met? |\n|---|---|---|---|\n");
        foreach (var (goal, measured, target, met) in Rows(results))
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

        yield return ("4. scale: 5000 pods, cost per pod no worse than at 1000; serve: 1000 pods, 100 watchers", NotMeasured, "per pod ≤ at 1000", "not measured");
        yield return ("5. CRI: podvisor + containerd vs `podman kube play` of the same image", NotMeasured, "compared", "not measured");
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

    private static double? Rss(Results results, int n) =>
        results.Figures.FirstOrDefault(f => f.Group == $"scale N={n}: RSS at steady state" && f.Role == Role.Podvisor)?.Stats?.Median;

    private static Figure? Find(Results results, string group, Role role, string tool, string pair) =>
        results.Figures.FirstOrDefault(f => f.Group == group && f.Role == role && f.Tool == tool && f.Pair == pair);
}
