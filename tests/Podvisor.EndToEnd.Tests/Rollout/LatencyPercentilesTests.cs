using Podvisor.Cli.Rollout;

namespace Podvisor.EndToEnd.Tests.Rollout;

public sealed class LatencyPercentilesTests
{
    [Theory]
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    [InlineData(new[] { 7 }, 7, 7, 7, 7)]
    [InlineData(new[] { 1, 2 }, 1, 2, 2, 2)]
    [InlineData(new[] { 5, 1, 4, 2, 3 }, 3, 5, 5, 5)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 5, 9, 10, 10)]
    public void Of_NearestRank(int[] milliseconds, int p50, int p90, int p99, int max)
    {
        var result = LatencyPercentiles.Of(milliseconds.Select(ms => TimeSpan.FromMilliseconds(ms)))!;

        Assert.Equal(
            new[] { p50, p90, p99, max }.Select(ms => TimeSpan.FromMilliseconds(ms)),
            new[] { result.P50, result.P90, result.P99, result.Max });
    }

    [Fact]
    public void Of_HundredValues_P99IsTheNinetyNinth()
    {
        var result = LatencyPercentiles.Of(Enumerable.Range(1, 100).Select(ms => TimeSpan.FromMilliseconds(ms)))!;

        Assert.Equal(TimeSpan.FromMilliseconds(50), result.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(90), result.P90);
        Assert.Equal(TimeSpan.FromMilliseconds(99), result.P99);
        Assert.Equal(TimeSpan.FromMilliseconds(100), result.Max);
    }

    [Fact]
    public void Of_NoLatency_IsNull() => Assert.Null(LatencyPercentiles.Of([]));
}
