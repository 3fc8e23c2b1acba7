using Podvisor.Runtime.Cri.Platform;

namespace Podvisor.Runtime.Cri.Tests.Parsing;

/// <summary>
/// A dying container's CPU weight file is found from its /proc/PID/cgroup and the mount table: cgroup v1's cpu.shares
/// when a v1 cpu hierarchy is mounted (hybrid hosts schedule by it), else cgroup v2's cpu.weight.
/// </summary>
public sealed class CgroupCpuWeightTests
{
    private const string Id = "0123abcd";

    private const string HybridMounts = """
        31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    [Fact]
    public void On_a_hybrid_host_the_v1_cpu_hierarchy_s_cpu_shares_is_written_up_to_262144()
    {
        var cgroups = $"4:memory:/k8s.io/{Id}\n1:cpu:/k8s.io/{Id}\n0::/k8s.io/{Id}\n";
        Assert.Equal(new CgroupCpuWeight($"/sys/fs/cgroup/cpu/k8s.io/{Id}/cpu.shares", "262144", "/sys/fs/cgroup/cpu/k8s.io/cpu.shares"), CgroupCpuWeight.Find(cgroups, HybridMounts));
    }

    [Fact]
    public void A_combined_cpu_cpuacct_hierarchy_is_found_by_its_super_options()
    {
        const string mounts = "25 24 0:22 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n";
        Assert.Equal(
            new CgroupCpuWeight($"/sys/fs/cgroup/cpu,cpuacct/k8s.io/{Id}/cpu.shares", "262144", "/sys/fs/cgroup/cpu,cpuacct/k8s.io/cpu.shares"),
            CgroupCpuWeight.Find($"3:cpu,cpuacct:/k8s.io/{Id}\n", mounts));
    }

    [Fact]
    public void On_a_cgroup_v2_host_cpu_weight_is_written_up_to_10000()
    {
        const string mounts = "35 24 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";
        Assert.Equal(
            new CgroupCpuWeight($"/sys/fs/cgroup/system.slice/cri-containerd-{Id}.scope/cpu.weight", "10000", "/sys/fs/cgroup/system.slice/cpu.weight"),
            CgroupCpuWeight.Find($"0::/system.slice/cri-containerd-{Id}.scope\n", mounts));
    }

    [Fact]
    public void A_container_directly_under_the_root_has_no_parent_file_to_change() =>
        Assert.Equal(
            new CgroupCpuWeight($"/sys/fs/cgroup/cpu/{Id}/cpu.shares", "262144", null),
            CgroupCpuWeight.Find($"1:cpu:/{Id}\n", HybridMounts));

    [Fact]
    public void Without_a_cpu_hierarchy_mounted_here_there_is_no_file() =>
        Assert.Null(CgroupCpuWeight.Find($"4:memory:/k8s.io/{Id}\n1:cpu:/k8s.io/{Id}\n", "34 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"));

    [Fact]
    public void A_mount_of_a_sub_tree_is_not_taken_for_the_hierarchy_s_root() =>
        Assert.Null(CgroupCpuWeight.Find($"1:cpu:/k8s.io/{Id}\n", "31 30 0:28 /k8s.io /mnt/cpu rw - cgroup cgroup rw,cpu\n"));
}
