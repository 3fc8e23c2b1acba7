using System.Globalization;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Where one runtime makes its containers' cgroups: <c>podvisor/&lt;PID&gt;-&lt;n&gt;</c> under the memory and the cpu
/// controllers' roots (cgroup v1: <c>/sys/fs/cgroup/memory</c> and <c>/sys/fs/cgroup/cpu</c>, two hierarchies; v2: one
/// directory of the unified hierarchy, with <c>memory</c> and <c>cpu</c> delegated down to it). A controller that cannot
/// be used here (not root, not mounted, not delegable) leaves its directory null and says why: its limits are then not
/// enforced. One directory per runtime, not per process: a runtime removes what is left in its own at disposal, and must
/// never remove another runtime's cgroup that is still empty because its first process has not been placed yet. Left
/// behind by a podvisor that was SIGKILLed, a directory is removed by the next podvisor's <see cref="Open"/> once its PID
/// is gone (its containers died with the guard, so the cgroups are empty).
/// </summary>
internal sealed class ContainerCgroups : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private static int s_runtimes;

    private ContainerCgroups(bool unified, (string? Directory, string? Unavailable) memory, (string? Directory, string? Unavailable) cpu)
    {
        Unified = unified;
        (MemoryDirectory, MemoryUnavailable) = memory;
        (CpuDirectory, CpuUnavailable) = cpu;
    }

    /// <summary>cgroup v2 (<c>memory.max</c>, <c>cpu.max</c>, one directory) rather than v1 (a directory per controller).</summary>
    public bool Unified { get; }

    /// <summary>This runtime's directory of container cgroups under the memory controller; null: memory limits are not enforced.</summary>
    public string? MemoryDirectory { get; }

    /// <summary>This runtime's directory of container cgroups under the cpu controller; null: CPU requests and limits are not enforced.</summary>
    public string? CpuDirectory { get; }

    /// <summary>Why <see cref="MemoryDirectory"/> is null.</summary>
    public string? MemoryUnavailable { get; }

    /// <summary>Why <see cref="CpuDirectory"/> is null.</summary>
    public string? CpuUnavailable { get; }

    public static ContainerCgroups Open()
    {
        var runtime = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref s_runtimes)}");
        if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
        {
            return new ContainerCgroups(true, OpenUnified(runtime, "memory"), OpenUnified(runtime, "cpu"));
        }

        return new ContainerCgroups(false, OpenV1(runtime, "memory", "memory.limit_in_bytes"), OpenV1(runtime, "cpu", "cpu.shares"));
    }

    /// <summary>
    /// The cgroup of one container instance when its resources ask for something this host can enforce (a memory limit,
    /// a CPU request or limit); null when there is nothing to set. <see cref="IOException"/> if the kernel refuses a value.
    /// </summary>
    public ContainerCgroup? Create(string containerId, ContainerResources? resources)
    {
        if (resources is null)
        {
            return null;
        }

        var memory = MemoryDirectory is not null && resources.MemoryLimitInBytes > 0;
        var cpu = CpuDirectory is not null && CpuControl.Applies(resources);
        return memory || cpu ? ContainerCgroup.Create(this, containerId, resources, memory, cpu) : null;
    }

    /// <summary>Removes what is left: the containers' cgroups (empty once they ended), then this runtime's directories.</summary>
    public void Dispose()
    {
        foreach (var directory in new[] { MemoryDirectory, CpuDirectory }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            foreach (var child in SafeChildren(directory))
            {
                TryRemove(child);
            }

            TryRemove(directory);
        }
    }

    internal static bool TryRemove(string directory)
    {
        // A cgroup is removed with rmdir alone (a non-recursive delete): its files are the kernel's. EBUSY while a
        // process is still in it.
        try
        {
            Directory.Delete(directory);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return !Directory.Exists(directory);
        }
    }

    private static (string?, string?) OpenV1(string runtime, string controller, string probeFile)
    {
        var controllerRoot = Path.Combine(Root, controller);
        if (!File.Exists(Path.Combine(controllerRoot, probeFile)))
        {
            return (null, $"this host has no {controller} cgroup controller");
        }

        return MakeOwn(controllerRoot, runtime, controller, delegateDown: false);
    }

    private static (string?, string?) OpenUnified(string runtime, string controller)
    {
        try
        {
            if (!File.ReadAllText(Path.Combine(Root, "cgroup.controllers")).Split(' ', '\n').Contains(controller))
            {
                return (null, $"this host has no {controller} cgroup controller");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"no readable cgroup hierarchy ({ex.Message})");
        }

        return MakeOwn(Root, runtime, controller, delegateDown: true);
    }

    private static (string?, string?) MakeOwn(string controllerRoot, string runtime, string controller, bool delegateDown)
    {
        try
        {
            var parent = Path.Combine(controllerRoot, "podvisor");
            Directory.CreateDirectory(parent);
            RemoveDeadRuns(parent);
            var own = Path.Combine(parent, runtime);
            Directory.CreateDirectory(own);
            if (delegateDown)
            {
                // v2 hands a controller to children only through each ancestor's subtree_control.
                Delegate(controllerRoot, controller);
                Delegate(parent, controller);
                Delegate(own, controller);
            }

            return (own, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"no writable {controller} cgroup ({ex.Message})");
        }
    }

    private static void Delegate(string directory, string controller)
    {
        var control = Path.Combine(directory, "cgroup.subtree_control");
        if (!File.ReadAllText(control).Split(' ', '\n').Contains(controller))
        {
            File.WriteAllText(control, "+" + controller);
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
                && !Directory.Exists($"/proc/{pid}"))
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
            return Directory.GetDirectories(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
