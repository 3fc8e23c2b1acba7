using Podvisor.Engine.Defer;

namespace Podvisor.Engine.Tests.Defer;

public sealed class DeferPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // grace, seconds after T0 the app containers stopped, seconds after T0 of the deadline
    [InlineData(30, 1, 30)]
    [InlineData(30, 0, 30)]
    [InlineData(10, 9, 11)]
    [InlineData(10, 12, 14)]
    [InlineData(5, 3, 5)]
    [InlineData(1, 0, 2)]
    [InlineData(0, 0, 2)]
    [InlineData(-3, 0, 2)]
    public void Deadline_IsTheGracePeriodsEnd_ButAtLeastTwoSecondsAfterTheAppsStopped(long grace, double appsStopped, double deadline) =>
        Assert.Equal(T0 + TimeSpan.FromSeconds(deadline), DeferPlan.Deadline(T0, grace, T0 + TimeSpan.FromSeconds(appsStopped)));

    [Theory]
    [InlineData(false, 0, 10, "Run")]
    [InlineData(false, 9.999, 10, "Run")]
    [InlineData(false, 10, 10, "SkipGraceExhausted")]
    [InlineData(false, 11, 10, "SkipGraceExhausted")]
    [InlineData(true, 0, 10, "SkipForced")]
    [InlineData(true, 11, 10, "SkipForced")]
    public void Next_RunsOnlyInsideTheDeadline_AndNeverOnAForcedDeletion(bool forced, double now, double deadline, string expected) =>
        Assert.Equal(Enum.Parse<DeferStep>(expected), DeferPlan.Next(forced, T0 + TimeSpan.FromSeconds(now), T0 + TimeSpan.FromSeconds(deadline)));
}
