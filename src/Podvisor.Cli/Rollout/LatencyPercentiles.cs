namespace Podvisor.Cli.Rollout;

/// <summary>p50, p90, p99 and max of latencies, by the nearest-rank method (each is a latency that was observed).</summary>
internal sealed record LatencyPercentiles(TimeSpan P50, TimeSpan P90, TimeSpan P99, TimeSpan Max)
{
    public static LatencyPercentiles? Of(IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return sorted.Length == 0
            ? null
            : new LatencyPercentiles(Rank(sorted, 50), Rank(sorted, 90), Rank(sorted, 99), sorted[^1]);
    }

    /// <summary>The smallest value with at least <paramref name="percent"/>% of the values at or below it.</summary>
    public static TimeSpan Rank(IReadOnlyList<TimeSpan> sorted, int percent)
    {
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
