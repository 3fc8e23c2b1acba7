using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Podvisor.Bench.Core;

/// <summary>Renders a run's results as Markdown (the table people read) and JSON (every sample).</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Num(double value) => double.IsNaN(value) ? "–" : Math.Abs(value) >= 100
        ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "–"
        : value >= 10 ? value.ToString("0", CultureInfo.InvariantCulture) + "×" : value.ToString("0.0#", CultureInfo.InvariantCulture) + "×";

    /// <summary>The limit figure a group is divided by (its first one), if measured.</summary>
    public static Figure? LimitFor(Results results, string group) =>
        Groups.LimitOf(group) is { } limitGroup ? results.Figures.FirstOrDefault(f => f.Group == limitGroup && f.Role == Role.Limit) : null;

    /// <summary>The peers a podvisor figure is compared with: same group, and the same pair key if it has one.</summary>
    public static IEnumerable<Figure> PeersOf(Results results, Figure figure) =>
        results.Figures.Where(f => f.Role == Role.Peer && f.Group == figure.Group && (figure.Pair is null || f.Pair == figure.Pair));

    /// <summary>
    /// median(a) / median(b). For lateness figures a median at or below zero means "on time"; the ratio is then
    /// meaningless and reported as –.
    /// </summary>
    public static double Divide(Figure a, Figure b) =>
        a.Stats is { } x && b.Stats is { } y && y.Median > 0 && x.Median > 0 ? x.Median / y.Median : double.NaN;

    public static string Markdown(Results results, IReadOnlyDictionary<string, string> machine, IReadOnlyList<(int Number, string Id, string Title)> scenarios, string command)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Podvisor benchmarks, {machine["date"]}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"`{command}`. Figures are min / median / p99 / max (p99 is nearest-rank: with n < 100 it is the max). ");
        md.Append("Ratios compare medians; every figure in a table was measured in this run, on this machine.\n");
        md.Append(Goals.Markdown(results));
        md.Append("\n| machine | |\n|---|---|\n");
        foreach (var (key, value) in machine)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {key} | {value.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        md.Append(SideBySide(results));
        md.Append("\n## Headline\n\n| podvisor figure | median | × limit | vs peers (podvisor median ÷ peer median) |\n|---|---|---|---|\n");
        foreach (var figure in results.Figures.Where(InHeadline))
        {
            var limit = LimitFor(results, figure.Group);
            var peers = string.Join("; ", PeersOf(results, figure).Select(p => $"{Ratio(Divide(figure, p))} {p.Tool} ({p.Metric})"));
            md.Append(CultureInfo.InvariantCulture, $"| {figure.Metric} [{figure.Group}] | {Num(figure.Stats!.Median)} {figure.Unit} | {(limit is null ? "–" : Ratio(Divide(figure, limit)))} | {(peers.Length == 0 ? "–" : peers)} |\n");
        }

        foreach (var (number, id, title) in scenarios)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {number}. {title}\n\n");
            if (results.Skipped.TryGetValue(id, out var reason))
            {
                md.Append(CultureInfo.InvariantCulture, $"**Skipped**: {reason}\n");
            }

            var figures = results.Figures.Where(f => f.Scenario == id).ToList();
            foreach (var group in figures.Select(f => f.Group).Distinct())
            {
                var limit = LimitFor(results, group);
                md.Append(CultureInfo.InvariantCulture, $"**{group}**{(limit is null ? string.Empty : $" (limit: {limit.Metric}, median {Num(limit.Stats?.Median ?? double.NaN)} {limit.Unit})")}\n\n");
                md.Append("| tool | metric | n | min | median | p99 | max | unit | × limit |\n|---|---|---|---|---|---|---|---|---|\n");
                foreach (var f in figures.Where(f => f.Group == group))
                {
                    var s = f.Stats;
                    md.Append(s is null
                        ? $"| {f.Tool} | {f.Metric} | 0 | | | | | {f.Unit} | |\n"
                        : $"| {f.Tool} | {f.Metric} | {s.Count} | {Num(s.Min)} | {Num(s.Median)} | {Num(s.P99)} | {Num(s.Max)} | {f.Unit} | {(limit is null || f.Role == Role.Limit ? "–" : Ratio(Divide(f, limit)))} |\n");
                }

                md.Append('\n');
                foreach (var f in figures.Where(f => f.Group == group && f.Role == Role.Podvisor && f.Stats is not null))
                {
                    var peers = PeersOf(results, f).Where(p => p.Stats is not null).ToList();
                    if (peers.Count > 0)
                    {
                        md.Append(CultureInfo.InvariantCulture, $"- podvisor *{f.Metric}*: {string.Join("; ", peers.Select(p => $"{Ratio(Divide(f, p))} {p.Tool} *{p.Metric}*"))}\n");
                    }
                }

                md.Append('\n');
                foreach (var f in figures.Where(f => f.Group == group))
                {
                    md.Append(CultureInfo.InvariantCulture, $"<sub>{f.Tool} · {f.Metric}: {f.Method}</sub><br>\n");
                }

                md.Append('\n');
            }

            if (results.Notes.TryGetValue(id, out var notes))
            {
                foreach (var note in notes)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- {note}\n");
                }
            }

            if (results.Durations.TryGetValue(id, out var seconds))
            {
                md.Append(CultureInfo.InvariantCulture, $"\n<sub>scenario took {seconds:0} s</sub>\n");
            }
        }

        return md.ToString();
    }

    /// <summary>
    /// One row per comparable set (a group, or a like-for-like pair within it): the medians of the limit,
    /// podvisor and each peer side by side. A tool with several figures in a row shows each with its metric.
    /// </summary>
    private static string SideBySide(Results results)
    {
        var md = new StringBuilder("\n## Side by side (medians)\n\n| figure | limit | podvisor | supervisord | podman | unit |\n|---|---|---|---|---|---|\n");
        var groups = results.Figures.Where(f => f.Role != Role.Limit && f.Stats is not null && !f.Group.EndsWith("(self-reported)", StringComparison.Ordinal))
            .Select(f => f.Group).Distinct().ToList();
        foreach (var group in groups)
        {
            var inGroup = results.Figures.Where(f => f.Group == group && f.Stats is not null).ToList();
            var limit = LimitFor(results, group);
            foreach (var pair in inGroup.Select(f => f.Pair).Distinct())
            {
                var row = inGroup.Where(f => f.Pair == pair).ToList();
                if (row.All(f => f.Role != Role.Podvisor))
                {
                    continue;
                }

                string Cell(string tool)
                {
                    var figures = row.Where(f => f.Tool == tool).ToList();
                    return figures.Count switch
                    {
                        0 => "–",
                        1 => Num(figures[0].Stats!.Median),
                        _ => string.Join("<br>", figures.Select(f => $"{Num(f.Stats!.Median)} <sub>{f.Metric}</sub>")),
                    };
                }

                var label = pair switch
                {
                    null => group,
                    "daemon" => group + ": API / daemon call",
                    "daemon-exec" => group + ": API / daemon call → process runs",
                    "cli" => group + ": whole CLI",
                    "cli-exec" => group + ": whole CLI → process runs",
                    _ => $"{group}: {pair}",
                };
                var limitCell = limit?.Stats is { } l && row.All(f => f.Unit == limit.Unit || f.Unit == "ms/pod") ? Num(l.Median) : "–";
                md.Append(CultureInfo.InvariantCulture, $"| {label} | {limitCell} | {Cell("podvisor")} | {Cell("supervisord")} | {Cell("podman")} | {row[0].Unit} |\n");
            }
        }

        return md.ToString();
    }

    /// <summary>Podvisor's figures, without the self-reported ones and, for scale, only the largest count.</summary>
    private static bool InHeadline(Figure f) =>
        f.Role == Role.Podvisor && f.Stats is not null && !f.Group.EndsWith("(self-reported)", StringComparison.Ordinal)
        && (!f.Group.StartsWith("scale N=", StringComparison.Ordinal) || f.Group.StartsWith("scale N=1000:", StringComparison.Ordinal));

    public static string Json(Results results, IReadOnlyDictionary<string, string> machine, string command) =>
        JsonSerializer.Serialize(new
        {
            command,
            machine,
            figures = results.Figures.Select(f => new
            {
                scenario = f.Scenario,
                group = f.Group,
                role = f.Role.ToString().ToLowerInvariant(),
                tool = f.Tool,
                metric = f.Metric,
                unit = f.Unit,
                method = f.Method,
                pair = f.Pair,
                stats = f.Stats is { } st ? new { n = st.Count, min = Math.Round(st.Min, 3), median = Math.Round(st.Median, 3), p99 = Math.Round(st.P99, 3), max = Math.Round(st.Max, 3) } : null,
                ratioToLimit = LimitFor(results, f.Group) is { } l && f.Role != Role.Limit ? Nullable(Divide(f, l)) : null,
                ratioToPeers = f.Role == Role.Podvisor ? PeersOf(results, f).ToDictionary(p => $"{p.Tool}: {p.Metric}", p => Nullable(Divide(f, p))) : null,
                samples = f.Samples.Select(v => Math.Round(v, 3)),
            }),
            skipped = results.Skipped,
            notes = results.Notes,
            durationsSeconds = results.Durations,
        }, JsonOptions);

    private static double? Nullable(double value) => double.IsNaN(value) || double.IsInfinity(value) ? null : Math.Round(value, 3);
}
