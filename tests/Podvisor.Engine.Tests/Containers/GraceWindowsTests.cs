using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Tests.Containers;

/// <summary>One pod's grace windows under one lock: the deletion's, and each kill under way, which a deletion shortens.</summary>
public sealed class GraceWindowsTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 30)]
    [InlineData(5L, 5)]
    [InlineData(-3L, 0)]
    public void Delete_First_OpensTheDeletionWithThePodsGraceUnlessOneIsGiven(long? requested, long expected)
    {
        var grace = new GraceWindows(podGraceSeconds: 30);
        Assert.Null(grace.Deletion);

        Assert.True(grace.Delete(requested, Epoch));

        Assert.Equal((Epoch, expected), (grace.Deletion!.Start, grace.Deletion.Seconds));
    }

    [Fact]
    public void Delete_Later_MayOnlyShortenTheDeletion()
    {
        var grace = new GraceWindows(podGraceSeconds: 30);
        grace.Delete(10, Epoch);

        Assert.False(grace.Delete(20, Epoch.AddSeconds(1)));
        Assert.Equal(10, grace.Deletion!.Seconds);
        Assert.True(grace.Delete(2, Epoch.AddSeconds(1)));
        Assert.Equal(new LaterDeletion(Epoch.AddSeconds(1), 2), grace.Deletion.Later);
    }

    [Fact]
    public void Delete_ShortensEveryKillUnderWay_ButNotAClosedOne()
    {
        var grace = new GraceWindows(podGraceSeconds: 30);
        var probeKill = grace.OpenKill(60, Epoch);
        var hookKill = grace.OpenKill(30, Epoch);
        var closed = grace.OpenKill(30, Epoch);
        grace.CloseKill(closed);
        var woken = probeKill.Changed;

        grace.Delete(5, Epoch.AddSeconds(1));

        Assert.True(woken.IsCompleted);
        Assert.Equal(new LaterDeletion(Epoch.AddSeconds(1), 5), probeKill.Later);
        Assert.Equal(new LaterDeletion(Epoch.AddSeconds(1), 5), hookKill.Later);
        Assert.Null(closed.Later);
        Assert.Equal(30, closed.Seconds);
    }

    [Fact]
    public void Delete_NotShorterThanTheDeletion_StillShortensALongerKill()
    {
        var grace = new GraceWindows(podGraceSeconds: 30);
        grace.Delete(10, Epoch);
        var kill = grace.OpenKill(60, Epoch.AddSeconds(1));

        // 9 s from 1.5 s ends after the deletion's 10 s from 0, but before the kill's 10 s from 1 s (when it was capped).
        Assert.False(grace.Delete(9, Epoch.AddSeconds(1.5)));

        Assert.Equal(10, grace.Deletion!.Seconds);
        Assert.Equal(new LaterDeletion(Epoch.AddSeconds(1.5), 9), kill.Later);
    }

    [Fact]
    public void OpenKill_AfterADeletion_GetsNoMoreThanItsGrace()
    {
        var grace = new GraceWindows(podGraceSeconds: 30);
        grace.Delete(3, Epoch);

        var kill = grace.OpenKill(30, Epoch.AddSeconds(1));

        Assert.Equal(3, kill.Seconds);
        Assert.Equal(Epoch.AddSeconds(1), kill.Start);
    }
}
