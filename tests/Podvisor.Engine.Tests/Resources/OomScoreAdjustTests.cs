using Podvisor.Engine.Resources;
using static Podvisor.Engine.Tests.Resources.ResourceSpecs;

namespace Podvisor.Engine.Tests.Resources;

/// <summary>The OOM score adjustment per QoS class (pkg/kubelet/qos/policy.go GetContainerOOMScoreAdjust).</summary>
public sealed class OomScoreAdjustTests
{
    private const long GiB = 1L << 30;

    [Theory]
    // requests cpu, limits cpu, requests memory, limits memory, node memory (GiB) → oom_score_adj
    [InlineData("-", "-", "-", "-", 8, 1000)] // BestEffort
    [InlineData("1", "1", "1Gi", "1Gi", 8, -997)] // Guaranteed
    [InlineData("-", "1", "-", "1Gi", 8, -997)] // Guaranteed: requests default to limits
    [InlineData("100m", "-", "1Gi", "-", 8, 875)] // Burstable: 1000 − 1000 × 1 / 8
    [InlineData("100m", "-", "4Gi", "-", 8, 500)]
    [InlineData("100m", "-", "-", "-", 8, 999)] // Burstable without a memory request: 1000 is BestEffort's, so 999
    [InlineData("100m", "-", "-", "2Gi", 8, 750)] // the memory request defaults to the limit
    [InlineData("100m", "-", "8Gi", "-", 8, 3)] // never below 1000 + (−997)
    [InlineData("100m", "-", "16Gi", "-", 8, 3)]
    public void Each_QoS_class_gets_the_kubelets_adjustment(
        string requestCpu, string limitCpu, string requestMemory, string limitMemory, long nodeGiB, int expected)
    {
        var container = Container("app", requestCpu, limitCpu, requestMemory, limitMemory);

        Assert.Equal(expected, OomScoreAdjust.Of(Pod(container), container, isSidecar: false, nodeGiB * GiB));
    }

    [Fact]
    public void A_node_critical_pod_gets_minus_997_whatever_its_class()
    {
        var container = Container("app", "-", "-", "-", "-");
        var pod = Pod(container);
        pod.PriorityClassName = "system-node-critical";

        Assert.Equal(-997, OomScoreAdjust.Of(pod, container, isSidecar: false, 8 * GiB));
    }

    [Fact]
    public void A_sidecar_is_no_likelier_to_be_killed_than_the_regular_container_with_the_smallest_request()
    {
        var sidecar = Container("proxy", "100m", "-", "-", "-");
        sidecar.RestartPolicy = "Always";
        var pod = Pod(Container("big", "100m", "-", "4Gi", "-"), Container("small", "100m", "-", "2Gi", "-"));
        pod.InitContainers = [sidecar];

        Assert.Equal(750, OomScoreAdjust.Of(pod, sidecar, isSidecar: true, 8 * GiB));
        Assert.Equal(999, OomScoreAdjust.Of(pod, sidecar, isSidecar: false, 8 * GiB));
    }

    [Theory]
    [InlineData("MemTotal:       24641364 kB\nMemFree:        1 kB\n", 24_641_364L * 1024)]
    [InlineData("MemFree: 5 kB\nMemTotal: 2048 kB\n", 2_097_152L)]
    [InlineData("MemFree: 5 kB\n", null)]
    public void The_node_memory_is_MemTotal(string meminfo, long? expected) =>
        Assert.Equal(expected, NodeMemory.ParseMemTotal(meminfo));
}
