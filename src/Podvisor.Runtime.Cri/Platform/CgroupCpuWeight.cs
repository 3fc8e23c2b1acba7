namespace Podvisor.Runtime.Cri.Platform;

/// <summary>
/// Where a process's cgroup sets its CPU weight, and the largest weight that file takes: cgroup v1's
/// <c>cpu.shares</c> (the kubelet's BestEffort containers get 2 of a maximum 262144) or cgroup v2's <c>cpu.weight</c>
/// (maximum 10000), found from the process's <c>/proc/PID/cgroup</c> and the mount table. <see cref="ParentFile"/> is
/// the same file of the parent cgroup (containerd's <c>k8s.io</c>, or a pod's), null when the parent is the hierarchy's
/// root: the scheduler weighs a cgroup only against its siblings, so a container's weight alone does not lift it above
/// the busy tasks outside its parent.
/// </summary>
internal sealed record CgroupCpuWeight(string File, string Maximum, string? ParentFile = null)
{
    private const string SharesMaximum = "262144";
    private const string WeightMaximum = "10000";

    /// <summary>
    /// The weight file of the cgroup <paramref name="procCgroup"/> (the text of <c>/proc/PID/cgroup</c>) names, under the
    /// mounts <paramref name="mountInfo"/> (the text of <c>/proc/self/mountinfo</c>) lists; a v1 <c>cpu</c> hierarchy wins
    /// over the unified one, as the kernel schedules by it. Null when neither is mounted where this process sees it.
    /// </summary>
    public static CgroupCpuWeight? Find(string procCgroup, string mountInfo)
    {
        string? unifiedPath = null;
        foreach (var line in procCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // hierarchy-ID:controller-list:cgroup-path
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                unifiedPath = parts[2];
            }
            else if (parts[1].Split(',').Contains("cpu") && MountOf(mountInfo, "cgroup", "cpu") is { } v1)
            {
                return new CgroupCpuWeight(Join(v1, parts[2], "cpu.shares"), SharesMaximum, ParentOf(v1, parts[2], "cpu.shares"));
            }
        }

        return unifiedPath is not null && MountOf(mountInfo, "cgroup2", superOption: null) is { } v2
            ? new CgroupCpuWeight(Join(v2, unifiedPath, "cpu.weight"), WeightMaximum, ParentOf(v2, unifiedPath, "cpu.weight"))
            : null;
    }

    /// <summary>The mount point of a <paramref name="fsType"/> mount whose root is the hierarchy's (and, for v1, whose super options hold <paramref name="superOption"/>).</summary>
    private static string? MountOf(string mountInfo, string fsType, string? superOption)
    {
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // ID parent major:minor root mount-point options [optional fields] - fstype source super-options
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var before = line[..separator].Split(' ');
            var after = line[(separator + 3)..].Split(' ');
            if (before.Length < 5 || after.Length < 3 || after[0] != fsType || before[3] != "/")
            {
                continue;
            }

            if (superOption is null || after[2].Split(',').Contains(superOption))
            {
                // The kernel writes a space in a path as \040.
                return before[4].Replace("\\040", " ", StringComparison.Ordinal);
            }
        }

        return null;
    }

    /// <summary>The weight file of the cgroup's parent; null when that parent is the hierarchy's root (which has none to change).</summary>
    private static string? ParentOf(string mountPoint, string cgroupPath, string file)
    {
        var trimmed = cgroupPath.Trim('/');
        var slash = trimmed.LastIndexOf('/');
        return slash <= 0 ? null : Join(mountPoint, trimmed[..slash], file);
    }

    private static string Join(string mountPoint, string cgroupPath, string file) =>
        $"{mountPoint.TrimEnd('/')}/{cgroupPath.Trim('/')}/{file}".Replace("//", "/", StringComparison.Ordinal);
}
