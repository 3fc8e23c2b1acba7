namespace Podvisor.Bench.Core;

/// <summary>min / median / p99 / max of a sample set (nearest-rank p99, so with n &lt; 100 it is the max).</summary>
internal sealed record Distribution(int Count, double Min, double Median, double P99, double Max)
{
    public static Distribution? Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var p99 = sorted[Math.Max(0, (int)Math.Ceiling(0.99 * n) - 1)];
        return new Distribution(n, sorted[0], median, p99, sorted[^1]);
    }
}
