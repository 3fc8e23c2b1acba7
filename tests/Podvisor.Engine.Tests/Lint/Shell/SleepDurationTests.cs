using Podvisor.Engine.Lint.Shell;

namespace Podvisor.Engine.Tests.Lint.Shell;

public sealed class SleepDurationTests
{
    [Theory]
    [InlineData(new[] { "sleep", "30" }, 30.0)]
    [InlineData(new[] { "/bin/sleep", "1.5" }, 1.5)]
    [InlineData(new[] { "sleep", "2m" }, 120.0)]
    [InlineData(new[] { "sleep", "1m", "30s" }, 90.0)]
    [InlineData(new[] { "sleep", "1h" }, 3600.0)]
    public void Of_LiteralDuration_Seconds(string[] words, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SleepDuration.Of(words));

    [Fact]
    public void Of_Infinity_MaxValue() => Assert.Equal(TimeSpan.MaxValue, SleepDuration.Of(["sleep", "infinity"]));

    [Theory]
    [InlineData("sleep $DELAY")]
    [InlineData("sleep 5x")]
    [InlineData("sleep")]
    [InlineData("echo 5")]
    public void Of_NotALiteralSleep_Null(string line) => Assert.Null(SleepDuration.Of(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
}
