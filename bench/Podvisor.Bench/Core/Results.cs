namespace Podvisor.Bench.Core;

/// <summary>Everything one run measured, noted or skipped, in the order it happened.</summary>
internal sealed class Results
{
    private readonly Lock _gate = new();

    public List<Figure> Figures { get; } = [];

    /// <summary>Scenario → why it was skipped.</summary>
    public Dictionary<string, string> Skipped { get; } = [];

    /// <summary>Scenario → free-text observations (per-count tables, profile, errors of a peer).</summary>
    public Dictionary<string, List<string>> Notes { get; } = [];

    /// <summary>Scenario → seconds it took.</summary>
    public Dictionary<string, double> Durations { get; } = [];

    public Figure Add(Figure figure)
    {
        lock (_gate)
        {
            Figures.Add(figure);
        }

        var s = figure.Stats;
        Log.Info(s is null
            ? $"  {figure.Tool,-12} {figure.Metric}: no samples"
            : $"  {figure.Tool,-12} {figure.Metric}: n={s.Count} min {Report.Num(s.Min)} median {Report.Num(s.Median)} max {Report.Num(s.Max)} {figure.Unit}");
        return figure;
    }

    public void Note(string scenario, string text)
    {
        lock (_gate)
        {
            if (!Notes.TryGetValue(scenario, out var list))
            {
                Notes[scenario] = list = [];
            }

            list.Add(text);
        }

        Log.Info("  note: " + text);
    }

    public void Skip(string scenario, string reason)
    {
        Skipped[scenario] = reason;
        Log.Info($"  SKIPPED: {reason}");
    }
}
