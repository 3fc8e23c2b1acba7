namespace Podvisor.Lifecycle.AspNetCore.Tests;

public sealed class ShutdownPlanTests
{
    [Theory]
    // grace, drain, margin -> effective drain, host shutdown timeout (seconds)
    [InlineData(30, 5, 2, 5, 23)] // the defaults: a pod without terminationGracePeriodSeconds
    [InlineData(10, 3, 2, 3, 5)]
    [InlineData(10, 5, 2, 4, 4)] // drain capped at half of what the grace period leaves
    [InlineData(30, 0, 2, 0, 28)]
    [InlineData(3, 5, 2, 0.5, 0.5)]
    [InlineData(1, 5, 2, 0, 0)] // margin larger than the grace period: nothing left
    [InlineData(0, 5, 2, 0, 0)]
    [InlineData(-4, -1, -1, 0, 0)] // negatives count as zero
    public void From_SplitsTheGracePeriod(double grace, double drain, double margin, double expectedDrain, double expectedTimeout)
    {
        var plan = ShutdownPlan.From(new KubernetesLifecycleOptions
        {
            GracePeriod = TimeSpan.FromSeconds(grace),
            DrainDelay = TimeSpan.FromSeconds(drain),
            ExitMargin = TimeSpan.FromSeconds(margin),
        });

        Assert.Equal(TimeSpan.FromSeconds(expectedDrain), plan.DrainDelay);
        Assert.Equal(TimeSpan.FromSeconds(expectedTimeout), plan.HostShutdownTimeout);
    }

    [Theory]
    [InlineData(30, 5, 2)]
    [InlineData(10, 9, 1)]
    [InlineData(7, 2, 0)]
    public void From_PreStopDrainThenHostStop_FitsInTheGracePeriod(int grace, int drain, int margin)
    {
        var plan = ShutdownPlan.From(new KubernetesLifecycleOptions
        {
            GracePeriod = TimeSpan.FromSeconds(grace),
            DrainDelay = TimeSpan.FromSeconds(drain),
            ExitMargin = TimeSpan.FromSeconds(margin),
        });

        Assert.True(plan.DrainDelay + plan.HostShutdownTimeout + plan.ExitMargin <= plan.GracePeriod);
    }
}
