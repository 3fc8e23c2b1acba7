using Podvisor.Cli.Run;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("5s", 5_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("+3s", 3_000)]
    [InlineData("-1s", -1_000)]
    [InlineData("1500us", 1.5)]
    [InlineData("2000000ns", 2)]
    [InlineData(".5s", 500)]
    [InlineData("5.s", 5_000)]
    public void TryParse_GoSyntax_Parses(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData("1x", "time: unknown unit \"x\" in duration \"1x\"")]
    [InlineData("1.2.3s", "time: invalid duration \"1.2.3s\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("--1s", "time: invalid duration \"--1s\"")]
    [InlineData("1s5", "time: missing unit in duration \"1s5\"")]
    public void TryParse_Invalid_FailsWithGoMessage(string text, string message)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }
}
