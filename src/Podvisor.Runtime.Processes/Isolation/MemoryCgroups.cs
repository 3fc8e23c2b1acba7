using System.Globalization;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Where one runtime makes its containers' memory cgroups: <c>podvisor/&lt;PID&gt;-&lt;n&gt;</c> under the memory
/// controller's root (cgroup v1 <c>/sys/fs/cgroup/memory</c>, or the v2 unified hierarchy with <c>memory</c> delegated
/// down to it). Null from <see cref="Open"/> where that cannot be made (not root, no memory controller): memory limits
/// are then not enforced, and <see cref="Unavailable"/> says why. One directory per runtime, not per process: a runtime
/// removes what is left in its own at disposal, and must never remove another runtime's cgroup that is still empty
/// because its first process has not been placed yet. Left behind by a podvisor that was SIGKILLed, a directory is
/// removed by the next podvisor's <see cref="Open"/> once its PID is gone (its containers died with the guard, so the
/// cgroups are empty).
/// </summary>
internal sealed class MemoryCgroups : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private static int s_runtimes;

    private MemoryCgroups(string directory, bool unified)
    {
        Directory = directory;
        Unified = unified;
    }

    /// <summary>Why the last <see cref="Open"/> found no memory cgroups; null when it did.</summary>
    public static string? Unavailable { get; private set; }

    /// <summary>This podvisor's directory of container cgroups.</summary>
    public string Directory { get; }

    /// <summary>cgroup v2 (<c>memory.max</c>, <c>memory.events</c>) rather than v1 (<c>memory.limit_in_bytes</c>, <c>memory.oom_control</c>).</summary>
    public bool Unified { get; }

    public static MemoryCgroups? Open()
    {
        try
        {
            var unified = File.Exists(Path.Combine(Root, "cgroup.controllers"));
            var controllerRoot = unified ? Root : Path.Combine(Root, "memory");
            if (unified
                ? !File.ReadAllText(Path.Combine(Root, "cgroup.controllers")).Split(' ', '\n').Contains("memory")
                : !File.Exists(Path.Combine(controllerRoot, "memory.limit_in_bytes")))
            {
                Unavailable = "this host has no memory cgroup controller";
                return null;
            }

            var parent = Path.Combine(controllerRoot, "podvisor");
            System.IO.Directory.CreateDirectory(parent);
            RemoveDeadRuns(parent);
            var own = Path.Combine(parent, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref s_runtimes)}"));
            System.IO.Directory.CreateDirectory(own);
            if (unified)
            {
                // v2 hands a controller to children only through each ancestor's subtree_control.
                Delegate(controllerRoot);
                Delegate(parent);
                Delegate(own);
            }

            Unavailable = null;
            return new MemoryCgroups(own, unified);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Unavailable = $"no writable memory cgroup ({ex.Message})";
            return null;
        }
    }

    /// <summary>A cgroup for one container instance with <paramref name="limitBytes"/> as its memory limit.</summary>
    public MemoryCgroup Create(string containerId, long limitBytes) => MemoryCgroup.Create(this, containerId, limitBytes);

    /// <summary>Removes what is left: the containers' cgroups (empty once they ended), then this podvisor's directory.</summary>
    public void Dispose()
    {
        foreach (var child in SafeChildren(Directory))
        {
            TryRemove(child);
        }

        TryRemove(Directory);
    }

    internal static bool TryRemove(string directory)
    {
        // A cgroup is removed with rmdir alone (a non-recursive delete): its files are the kernel's. EBUSY while a
        // process is still in it.
        try
        {
            System.IO.Directory.Delete(directory);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return !System.IO.Directory.Exists(directory);
        }
    }

    private static void Delegate(string directory)
    {
        var control = Path.Combine(directory, "cgroup.subtree_control");
        if (!File.ReadAllText(control).Split(' ', '\n').Contains("memory"))
        {
            File.WriteAllText(control, "+memory");
        }
    }

    private static void RemoveDeadRuns(string parent)
    {
        foreach (var run in SafeChildren(parent))
        {
            var name = Path.GetFileName(run);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (int.TryParse(dash < 0 ? name : name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && !System.IO.Directory.Exists($"/proc/{pid}"))
            {
                foreach (var child in SafeChildren(run))
                {
                    TryRemove(child);
                }

                TryRemove(run);
            }
        }
    }

    private static string[] SafeChildren(string directory)
    {
        try
        {
            return System.IO.Directory.GetDirectories(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
