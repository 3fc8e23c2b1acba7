using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>runc's files and values for the kubelet's CPU resources (libcontainer/cgroups/fs/cpu.go and fs2/cpu.go).</summary>
public class CpuControlTests
{
    [Theory]
    [InlineData(2, 0, false)] // BestEffort, or a request below 2m: the kubelet's minimum shares
    [InlineData(102, 0, true)] // requests.cpu 100m
    [InlineData(2, 1000, true)] // a limit (the request then defaults to it; shares kept at 2 to isolate the quota)
    [InlineData(512, 50_000, true)]
    public void Applies_ToACpuRequestOrLimit(long shares, long quota, bool applies) =>
        Assert.Equal(applies, CpuControl.Applies(new ContainerResources(100_000, quota, shares, 0, 1000)));

    [Theory]
    [InlineData(102, 10_000, "cpu.shares=102 cpu.cfs_period_us=100000 cpu.cfs_quota_us=10000")]
    [InlineData(256, 0, "cpu.shares=256 cpu.cfs_period_us=100000")]
    [InlineData(2048, 200_000, "cpu.shares=2048 cpu.cfs_period_us=100000 cpu.cfs_quota_us=200000")]
    public void V1_SharesPeriodThenQuota(long shares, long quota, string expected) =>
        Assert.Equal(expected, Text(CpuControl.V1(new ContainerResources(100_000, quota, shares, 0, 1000))));

    [Theory]
    [InlineData(102, 10_000, "cpu.weight=4 cpu.max=10000 100000")]
    [InlineData(256, 0, "cpu.weight=10 cpu.max=max 100000")]
    [InlineData(1024, 100_000, "cpu.weight=39 cpu.max=100000 100000")]
    public void V2_WeightAndMax(long shares, long quota, string expected) =>
        Assert.Equal(expected, Text(CpuControl.V2(new ContainerResources(100_000, quota, shares, 0, 1000))));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 1)]
    [InlineData(1024, 39)]
    [InlineData(262_144, 10_000)]
    public void WeightOf_IsRuncsLinearMap(long shares, long weight) =>
        Assert.Equal(weight, CpuControl.WeightOf(shares));

    private static string Text(IReadOnlyList<(string File, string Value)> files) => string.Join(" ", files.Select(f => $"{f.File}={f.Value}"));
}
