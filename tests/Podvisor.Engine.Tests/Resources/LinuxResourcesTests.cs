using Podvisor.Engine.Resources;
using Podvisor.Engine.Runtime;
using static Podvisor.Engine.Tests.Resources.ResourceSpecs;

namespace Podvisor.Engine.Tests.Resources;

/// <summary>
/// The CRI resources the kubelet computes from requests and limits (kuberuntime_container_linux.go
/// calculateLinuxResources, helpers_linux.go milliCPUToShares/milliCPUToQuota).
/// </summary>
public sealed class LinuxResourcesTests
{
    private const long GiB = 1L << 30;

    [Theory]
    // requests cpu, limits cpu, requests memory, limits memory → period, quota, shares, memory limit
    [InlineData("-", "-", "-", "-", 100_000, 0, 2, 0)]
    [InlineData("250m", "-", "-", "-", 100_000, 0, 256, 0)]
    [InlineData("1", "2", "-", "-", 100_000, 200_000, 1024, 0)]
    [InlineData("-", "500m", "-", "-", 100_000, 50_000, 512, 0)] // no request: shares from the limit
    [InlineData("0", "500m", "-", "-", 100_000, 50_000, 2, 0)] // an explicit zero request stays the minimum
    [InlineData("1m", "1m", "-", "-", 100_000, 1000, 2, 0)] // shares at least 2, quota at least 1 ms
    [InlineData("-", "-", "64Mi", "128Mi", 100_000, 0, 2, 134_217_728)]
    [InlineData("100m", "100m", "1Gi", "1Gi", 100_000, 10_000, 102, 1_073_741_824)]
    [InlineData("-", "1.5", "-", "1G", 100_000, 150_000, 1536, 1_000_000_000)]
    [InlineData("-", "-", "-", "100.5", 100_000, 0, 2, 101)] // memory rounds up to whole bytes
    public void Requests_and_limits_become_the_kubelets_cgroup_settings(
        string requestCpu, string limitCpu, string requestMemory, string limitMemory, long period, long quota, long shares, long memory)
    {
        var container = Container("app", requestCpu, limitCpu, requestMemory, limitMemory);

        var resources = LinuxResources.Of(Pod(container), container, isSidecar: false, memoryCapacity: 8 * GiB);

        Assert.Equal(period, resources.CpuPeriod);
        Assert.Equal(quota, resources.CpuQuota);
        Assert.Equal(shares, resources.CpuShares);
        Assert.Equal(memory, resources.MemoryLimitInBytes);
    }

    [Fact]
    public void The_OOM_score_adjustment_is_carried_with_the_limits()
    {
        var container = Container("app", "1", "1", "1Gi", "1Gi");

        Assert.Equal(
            new ContainerResources(100_000, 100_000, 1024, GiB, -997),
            LinuxResources.Of(Pod(container), container, isSidecar: false, memoryCapacity: 8 * GiB));
    }
}
