using Podvisor.Engine.Containers;

namespace Podvisor.Engine.Tests.Containers;

public sealed class CrashLoopBackOffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstCrash_NoEntry_RestartsImmediately()
    {
        var backOff = new CrashLoopBackOff();
        Assert.False(backOff.IsInBackOffSince(T0, T0, out _));
    }

    [Fact]
    public void Sequence_Doubles_From10s_CappedAt300s()
    {
        var backOff = new CrashLoopBackOff();
        var now = T0;
        var seen = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            backOff.Next(now, now);
            seen.Add(backOff.Current.TotalSeconds);
            now += TimeSpan.FromSeconds(1);
        }

        Assert.Equal([10, 20, 40, 80, 160, 300, 300, 300, 300], seen);
    }

    [Fact]
    public void InBackOff_UntilFinishedPlusBackOff_ThenFree()
    {
        var backOff = new CrashLoopBackOff();
        backOff.Next(T0, T0);
        var finished = T0 + TimeSpan.FromSeconds(1);
        Assert.True(backOff.IsInBackOffSince(finished, finished + TimeSpan.FromSeconds(9.999), out var until));
        Assert.Equal(finished + TimeSpan.FromSeconds(10), until);
        Assert.False(backOff.IsInBackOffSince(finished, finished + TimeSpan.FromSeconds(10), out _));
    }

    [Fact]
    public void RanLongerThanTenMinutes_ResetsTo10s()
    {
        var backOff = new CrashLoopBackOff();
        for (var i = 0; i < 5; i++)
        {
            backOff.Next(T0, T0);
        }

        Assert.Equal(160, backOff.Current.TotalSeconds);
        var finished = T0 + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1);
        Assert.False(backOff.IsInBackOffSince(finished, finished, out _));
        backOff.Next(finished, finished);
        Assert.Equal(10, backOff.Current.TotalSeconds);
    }

    [Fact]
    public void RanJustUnderTenMinutes_KeepsDoubling()
    {
        var backOff = new CrashLoopBackOff();
        backOff.Next(T0, T0);
        var finished = T0 + TimeSpan.FromMinutes(10);
        backOff.Next(finished, finished);
        Assert.Equal(20, backOff.Current.TotalSeconds);
    }

    [Theory]
    [InlineData(10, "10s")]
    [InlineData(80, "1m20s")]
    [InlineData(160, "2m40s")]
    [InlineData(300, "5m0s")]
    [InlineData(3600, "1h0m0s")]
    public void GoDuration_FormatsLikeGo(int seconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
}
