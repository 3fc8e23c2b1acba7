using Podvisor.Server.Controllers.Deployments;

namespace Podvisor.Server.Tests.Controllers;

public sealed class RollingPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3, 1, 0, 3, 1)] // first step: one surge pod
    [InlineData(3, 1, 1, 4, 1)] // at desired + surge: wait
    [InlineData(3, 1, 1, 3, 2)] // an old pod went: grow again
    [InlineData(3, 1, 5, 5, 3)] // the deployment shrank: straight down
    [InlineData(10, 3, 0, 10, 3)]
    [InlineData(3, 0, 0, 3, 0)] // no surge: the old sets must shrink first
    [InlineData(3, 5, 0, 3, 3)] // never above desired
    public void NewReplicaSetSize_StaysWithinTheSurge(int desired, int surge, int newReplicas, int allReplicas, int expected)
    {
        Assert.Equal(expected, RollingPlan.NewReplicaSetSize(desired, new RolloutBounds(surge, 0), newReplicas, allReplicas));
    }

    [Fact]
    public void OldSizes_WaitWhileTheNewPodsAreUnavailable()
    {
        var plan = RollingPlan.OldReplicaSetSizes(3, 0, new SetCounts("new", 1, 0, T0), [new SetCounts("old", 3, 3, T0)]);

        Assert.Empty(plan);
    }

    [Fact]
    public void OldSizes_GoDownByWhatBecameAvailable()
    {
        var plan = RollingPlan.OldReplicaSetSizes(3, 0, new SetCounts("new", 1, 1, T0), [new SetCounts("old", 3, 3, T0)]);

        Assert.Equal(2, plan["old"]);
    }

    [Fact]
    public void OldSizes_RemoveUnhealthyOldPodsFirst()
    {
        // 1 of 3 old pods is available and the new ones are not: only the unhealthy old pods may go.
        var plan = RollingPlan.OldReplicaSetSizes(3, 1, new SetCounts("new", 3, 0, T0), [new SetCounts("old", 3, 1, T0)]);

        Assert.Equal(2, plan["old"]);
    }

    [Fact]
    public void OldSizes_ShrinkTheOldestSetFirst()
    {
        var plan = RollingPlan.OldReplicaSetSizes(
            4, 1, new SetCounts("new", 2, 2, T0.AddMinutes(2)),
            [new SetCounts("younger", 2, 2, T0.AddMinutes(1)), new SetCounts("oldest", 2, 2, T0)]);

        Assert.Equal(0, plan["oldest"]);
        Assert.Equal(1, plan["younger"]);
    }

    [Fact]
    public void OldSizes_NothingWhenNoOldPodsRemain()
    {
        Assert.Empty(RollingPlan.OldReplicaSetSizes(3, 1, new SetCounts("new", 3, 3, T0), [new SetCounts("old", 0, 0, T0)]));
    }
}
