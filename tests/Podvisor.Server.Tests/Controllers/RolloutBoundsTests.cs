using Podvisor.Server.Controllers.Deployments;

namespace Podvisor.Server.Tests.Controllers;

public sealed class RolloutBoundsTests
{
    [Theory]
    [InlineData("25%", "25%", 10, 3, 2)]
    [InlineData("25%", "25%", 4, 1, 1)]
    [InlineData("25%", "25%", 3, 1, 0)]
    [InlineData("25%", "25%", 1, 1, 0)]
    [InlineData("50%", "50%", 3, 2, 1)]
    [InlineData("10%", "10%", 1, 1, 0)]
    [InlineData("1", "0", 3, 1, 0)]
    [InlineData("0", "2", 3, 0, 2)]
    [InlineData("0", "0", 3, 0, 1)]
    [InlineData("0%", "0%", 3, 0, 1)]
    [InlineData("0%", "10%", 3, 0, 1)]
    public void Resolve_SurgeRoundsUp_UnavailableRoundsDown_NeverBothZero(string maxSurge, string maxUnavailable, int desired, int surge, int unavailable)
    {
        Assert.Equal(new RolloutBounds(surge, unavailable), RolloutBounds.Resolve(maxSurge, maxUnavailable, desired));
    }

    [Theory]
    [InlineData("30%", 10, true, 3)]
    [InlineData("33%", 10, true, 4)]
    [InlineData("33%", 10, false, 3)]
    [InlineData("7", 10, false, 7)]
    public void Scaled_RoundsPercentages(string value, int total, bool roundUp, int expected)
    {
        Assert.Equal(expected, IntOrPercent.Scaled(value, total, roundUp));
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("5%%")]
    [InlineData("%")]
    public void Scaled_RefusesWhatIsNeitherNumberNorPercent(string value)
    {
        Assert.Null(IntOrPercent.Scaled(value, 10, roundUp: true));
    }

    [Fact]
    public void MaxUnavailable_IsZeroForRecreate_AndCappedAtDesired()
    {
        Assert.Equal(0, RolloutBounds.MaxUnavailable(DeploymentStrategy.RecreateStrategy, 5));
        Assert.Equal(2, RolloutBounds.MaxUnavailable(new DeploymentStrategy(false, "0", "5"), 2));
        Assert.Equal(0, RolloutBounds.MaxUnavailable(new DeploymentStrategy(false, "25%", "25%"), 0));
    }
}
