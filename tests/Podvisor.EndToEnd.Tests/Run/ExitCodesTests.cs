using k8s.Models;
using Podvisor.Cli.Run;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(new[] { "Succeeded" }, 0)]
    [InlineData(new[] { "Succeeded", "Succeeded" }, 0)]
    [InlineData(new[] { "Succeeded", "Failed" }, 1)]
    [InlineData(new[] { "Failed" }, 1)]
    [InlineData(new string[0], 1)]
    public void ForSettledRun_ZeroOnlyWhenEveryPodSucceeded(string[] phases, int expected)
    {
        var pods = phases.Select(phase => new V1Pod { Status = new V1PodStatus { Phase = phase } }).ToList();

        Assert.Equal(expected, ExitCodes.ForSettledRun(pods));
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 3)]
    public void ForStoppedRun_ThreeWhenUnclean(bool clean, int expected) =>
        Assert.Equal(expected, ExitCodes.ForStoppedRun(clean));
}
