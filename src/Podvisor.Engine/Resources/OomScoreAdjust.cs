using k8s.Models;
using Podvisor.Engine.Pods;

namespace Podvisor.Engine.Resources;

/// <summary>
/// The OOM score adjustment the kubelet gives a container's processes (pkg/kubelet/qos/policy.go
/// <c>GetContainerOOMScoreAdjust</c>): node-critical and Guaranteed pods −997, BestEffort 1000, Burstable
/// <c>1000 − 1000 × memory request ÷ node memory</c> kept within [3, 999]; a sidecar's is no higher than that of the
/// regular container with the smallest memory request. Pod-level resources (an alpha gate) are not considered.
/// </summary>
internal static class OomScoreAdjust
{
    private const int Guaranteed = -997;
    private const int BestEffort = 1000;

    public static int Of(V1PodSpec pod, V1Container container, bool isSidecar, long memoryCapacity)
    {
        // types.IsNodeCriticalPod: a critical pod whose priority class is system-node-critical.
        if (pod.PriorityClassName == "system-node-critical")
        {
            return Guaranteed;
        }

        switch (QosClassifier.Classify(pod))
        {
            case "Guaranteed":
                return Guaranteed;
            case "BestEffort":
                return BestEffort;
        }

        var capacity = Math.Max(1, memoryCapacity);
        var adjust = 1000 - (1000 * MemoryRequest(container) / capacity);
        if (isSidecar && pod.Containers.Count > 0)
        {
            var smallest = pod.Containers.Min(MemoryRequest);
            adjust = Math.Min(adjust, 1000 - (1000 * smallest / capacity));
        }

        if (adjust < 1000 + Guaranteed)
        {
            return 1000 + Guaranteed;
        }

        return adjust == BestEffort ? BestEffort - 1 : (int)adjust;
    }

    /// <summary><c>requests.memory</c>, else the limit it defaults to (the apiserver's defaulting of requests).</summary>
    private static long MemoryRequest(V1Container container) =>
        container.Resources?.Requests?.ContainsKey("memory") == true
            ? LinuxResources.Value(container.Resources.Requests, "memory")
            : LinuxResources.Value(container.Resources?.Limits, "memory");
}
