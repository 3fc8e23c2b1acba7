using System.Globalization;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// The CPU controller's files and values for a container's <see cref="ContainerResources"/>, as runc writes them from
/// the kubelet's CRI <c>LinuxContainerResources</c> (runc libcontainer/cgroups/fs/cpu.go <c>setCpu</c> for v1, fs2/cpu.go
/// <c>setCpu</c> for v2): the shares always (the kubelet's minimum is 2), the CFS period whenever it is sent (the
/// kubelet always sends 100 ms), the quota only when there is a CPU limit. On cgroup v2 the shares become
/// <c>cpu.weight</c> by runc's linear map of [2, 262144] onto [1, 10000] (<c>ConvertCPUSharesToCgroupV2Value</c>, as in
/// Debian's runc 1.1), and quota and period share <c>cpu.max</c>, <c>max</c> standing for no quota.
/// </summary>
internal static class CpuControl
{
    /// <summary>The kubelet's shares for a container without a CPU request or limit (<c>milliCPUToShares(0)</c>).</summary>
    public const long MinShares = 2;

    /// <summary>
    /// Whether the container gets a CPU cgroup of its own in the process runtime: it has a CPU limit or request. Without
    /// either it stays in podvisor's own cgroup rather than one with 2 shares (see the runtime's README).
    /// </summary>
    public static bool Applies(ContainerResources resources) => resources.CpuQuota > 0 || resources.CpuShares > MinShares;

    /// <summary>The files to write, in order, in the container's cgroup under the v1 <c>cpu</c> controller.</summary>
    public static IReadOnlyList<(string File, string Value)> V1(ContainerResources resources)
    {
        var files = new List<(string, string)>();
        if (resources.CpuShares != 0)
        {
            files.Add(("cpu.shares", Text(resources.CpuShares)));
        }

        // The period first: a new cgroup's quota is -1 (none), so any period is accepted before the quota is set.
        if (resources.CpuPeriod != 0)
        {
            files.Add(("cpu.cfs_period_us", Text(resources.CpuPeriod)));
        }

        if (resources.CpuQuota != 0)
        {
            files.Add(("cpu.cfs_quota_us", Text(resources.CpuQuota)));
        }

        return files;
    }

    /// <summary>The files to write, in order, in the container's cgroup on the v2 unified hierarchy.</summary>
    public static IReadOnlyList<(string File, string Value)> V2(ContainerResources resources)
    {
        var files = new List<(string, string)>();
        if (resources.CpuShares != 0)
        {
            files.Add(("cpu.weight", Text(WeightOf(resources.CpuShares))));
        }

        if (resources.CpuQuota != 0 || resources.CpuPeriod != 0)
        {
            var max = resources.CpuQuota > 0 ? Text(resources.CpuQuota) : "max";
            files.Add(("cpu.max", resources.CpuPeriod != 0 ? $"{max} {Text(resources.CpuPeriod)}" : max));
        }

        return files;
    }

    /// <summary>runc's <c>ConvertCPUSharesToCgroupV2Value</c>: 2 → 1, 1024 → 39, 262144 → 10000.</summary>
    public static long WeightOf(long shares) => shares == 0 ? 0 : 1 + ((shares - 2) * 9999 / 262142);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
