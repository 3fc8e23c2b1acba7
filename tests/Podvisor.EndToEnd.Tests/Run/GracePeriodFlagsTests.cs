using Podvisor.Cli.Run;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class GracePeriodFlagsTests
{
    [Theory]
    [InlineData(-1L, false, null)]
    [InlineData(0L, false, 1L)]
    [InlineData(0L, true, 0L)]
    [InlineData(-1L, true, 0L)]
    [InlineData(5L, false, 5L)]
    public void Resolve_KubectlRules(long gracePeriod, bool force, long? expected) =>
        Assert.Equal(expected, GracePeriodFlags.Resolve(gracePeriod, force));

    [Theory]
    [InlineData(5L, true, false)]
    [InlineData(0L, true, true)]
    [InlineData(5L, false, true)]
    [InlineData(-1L, true, true)]
    public void Validate_ForceOnlyWithZeroOrDefault(long gracePeriod, bool force, bool valid) =>
        Assert.Equal(valid, GracePeriodFlags.Validate(gracePeriod, force) is null);
}
