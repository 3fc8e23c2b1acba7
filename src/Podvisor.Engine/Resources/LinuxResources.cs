using k8s.Models;
using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Resources;

/// <summary>
/// A container's CRI <c>LinuxContainerResources</c> from its requests and limits, as the kubelet computes them
/// (pkg/kubelet/kuberuntime/kuberuntime_container_linux.go <c>generateLinuxContainerResources</c> and
/// <c>calculateLinuxResources</c>, helpers_linux.go <c>milliCPUToShares</c>/<c>milliCPUToQuota</c>), with the CFS quota
/// on (the kubelet's default <c>cpuCFSQuota: true</c>) and its fixed 100 ms period. Hugepages, swap (cgroup v2 only)
/// and MemoryQoS (an alpha gate, off by default) are not sent.
/// </summary>
internal static class LinuxResources
{
    private const long MinShares = 2;
    private const long SharesPerCpu = 1024;
    private const long MilliCpuPerCpu = 1000;
    private const long QuotaPeriod = 100_000;
    private const long MinQuota = 1000;

    public static ContainerResources Of(V1PodSpec pod, V1Container container, bool isSidecar, long memoryCapacity)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        var cpuLimit = MilliValue(limits, "cpu");

        // A CPU limit without a request: the request defaults to the limit (the apiserver does this for new pods; the
        // kubelet repeats it for older ones).
        var shares = requests?.ContainsKey("cpu") != true && cpuLimit != 0
            ? MilliCpuToShares(cpuLimit)
            : MilliCpuToShares(MilliValue(requests, "cpu"));
        return new ContainerResources(
            CpuPeriod: QuotaPeriod,
            CpuQuota: MilliCpuToQuota(cpuLimit),
            CpuShares: shares,
            MemoryLimitInBytes: Value(limits, "memory"),
            OomScoreAdj: OomScoreAdjust.Of(pod, container, isSidecar, memoryCapacity));
    }

    public static long MilliCpuToShares(long milliCpu) =>
        milliCpu == 0 ? MinShares : Math.Max(MinShares, milliCpu * SharesPerCpu / MilliCpuPerCpu);

    public static long MilliCpuToQuota(long milliCpu) =>
        milliCpu == 0 ? 0 : Math.Max(MinQuota, milliCpu * QuotaPeriod / MilliCpuPerCpu);

    /// <summary>The quantity in thousandths, rounded up, as apimachinery's <c>Quantity.MilliValue</c>.</summary>
    public static long MilliValue(IDictionary<string, ResourceQuantity>? quantities, string name) =>
        quantities is not null && quantities.TryGetValue(name, out var quantity)
            ? (long)Math.Ceiling(quantity.ToDecimal() * 1000m)
            : 0;

    /// <summary>The quantity rounded up to a whole number, as apimachinery's <c>Quantity.Value</c>.</summary>
    public static long Value(IDictionary<string, ResourceQuantity>? quantities, string name) =>
        quantities is not null && quantities.TryGetValue(name, out var quantity)
            ? (long)Math.Ceiling(quantity.ToDecimal())
            : 0;
}
