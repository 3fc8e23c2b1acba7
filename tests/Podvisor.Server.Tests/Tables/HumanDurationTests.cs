using Podvisor.Server.Tables;

namespace Podvisor.Server.Tests.Tables;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(119, "119s")]
    [InlineData(125, "2m5s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(3 * 3600 + 5 * 60, "3h5m")]
    [InlineData(7 * 3600 + 59 * 60, "7h59m")]
    [InlineData(8 * 3600, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(51 * 3600, "2d3h")]
    [InlineData(191 * 3600, "7d23h")]
    [InlineData(8 * 24 * 3600, "8d")]
    [InlineData((2 * 365 + 45) * 24 * 3600, "2y45d")]
    public void Format_IsKubectlsAge(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
}
