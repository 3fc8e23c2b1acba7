namespace Podvisor.Engine.Runtime;

/// <summary>
/// The Linux resources the kubelet asks the runtime to enforce on one container (CRI
/// <c>LinuxContainerResources</c>), worked out from the pod's requests and limits as the kubelet does; zero means
/// "not specified", as in CRI.
/// </summary>
/// <param name="CpuPeriod">CFS period in µs (the kubelet always sends 100000).</param>
/// <param name="CpuQuota">CFS quota in µs per period, from <c>limits.cpu</c>; 0 without a CPU limit.</param>
/// <param name="CpuShares">Relative CPU weight, from <c>requests.cpu</c> (else <c>limits.cpu</c>); at least 2.</param>
/// <param name="MemoryLimitInBytes"><c>limits.memory</c>; 0 without a memory limit.</param>
/// <param name="OomScoreAdj">The OOM killer's score adjustment for the pod's QoS class.</param>
public sealed record ContainerResources(long CpuPeriod, long CpuQuota, long CpuShares, long MemoryLimitInBytes, long OomScoreAdj);
