using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// One container instance's cgroup, as runc makes it from the kubelet's <c>LinuxContainerResources</c>: the memory limit
/// with swap held to the same limit (containerd's default when the kubelet sends no swap limit), the CPU shares, period
/// and quota (<see cref="CpuControl"/>), the container's first process placed in it before it runs anything (its
/// children follow), and the kernel's OOM kill count read at the end, which containerd turns into the reason
/// <c>OOMKilled</c> whichever process the kernel killed. On cgroup v1 the memory and cpu controllers are separate
/// hierarchies, so a container that has both gets a directory in each and every placement goes to both.
/// </summary>
internal sealed class ContainerCgroup : IDisposable
{
    private readonly string[] _directories;
    private readonly string? _memory;
    private readonly bool _unified;
    private readonly SafeFileHandle[] _procs;
    private readonly SafeFileHandle[] _tasks;

    private ContainerCgroup(string[] directories, string? memory, bool unified, SafeFileHandle[] procs, SafeFileHandle[] tasks)
    {
        _directories = directories;
        _memory = memory;
        _unified = unified;
        _procs = procs;
        _tasks = tasks;
    }

    /// <summary>The container's directories, one per hierarchy (v1: memory first, then cpu).</summary>
    internal IReadOnlyList<string> Directories => _directories;

    /// <summary>Makes the cgroup and sets its values; <see cref="IOException"/> naming the setting if the kernel refuses.</summary>
    internal static ContainerCgroup Create(ContainerCgroups parent, string containerId, ContainerResources resources, bool memory, bool cpu)
    {
        var directories = new List<string>();
        var procs = new List<SafeFileHandle>();
        var tasks = new List<SafeFileHandle>();
        string? memoryDirectory = null;
        try
        {
            if (parent.Unified)
            {
                var directory = Make(Path.Combine(parent.MemoryDirectory ?? parent.CpuDirectory!, containerId), directories);
                if (memory)
                {
                    memoryDirectory = directory;
                    SetMemory(directory, resources.MemoryLimitInBytes, "memory.max", "memory.swap.max", swapValue: "0");
                }

                if (cpu)
                {
                    SetCpu(directory, resources, CpuControl.V2(resources));
                }

                Open(directory, procs, tasks: null);
            }
            else
            {
                if (memory)
                {
                    memoryDirectory = Make(Path.Combine(parent.MemoryDirectory!, containerId), directories);

                    // memsw (memory + swap) may not go below the memory limit, so it is set second.
                    SetMemory(memoryDirectory, resources.MemoryLimitInBytes, "memory.limit_in_bytes", "memory.memsw.limit_in_bytes", swapValue: null);
                    Open(memoryDirectory, procs, tasks);
                }

                if (cpu)
                {
                    var directory = Make(Path.Combine(parent.CpuDirectory!, containerId), directories);
                    SetCpu(directory, resources, CpuControl.V1(resources));
                    Open(directory, procs, tasks);
                }
            }

            return new ContainerCgroup([.. directories], memoryDirectory, parent.Unified, [.. procs], [.. tasks]);
        }
        catch
        {
            procs.ForEach(h => h.Dispose());
            tasks.ForEach(h => h.Dispose());
            directories.ForEach(d => ContainerCgroups.TryRemove(d));
            throw;
        }
    }

    /// <summary>Moves <paramref name="pid"/> (and so whatever it starts later) into the cgroup; <see cref="IOException"/> if refused.</summary>
    public void Admit(int pid)
    {
        var text = Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < _procs.Length; i++)
        {
            try
            {
                RandomAccess.Write(_procs[i], text, 0);
            }
            catch (NotSupportedException ex)
            {
                // The cgroup is gone (its file no longer seeks): a start failure, never an exception that ends the start
                // gate's thread, and podvisor with it.
                throw new IOException($"place process {pid} in {_directories[i]}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Moves thread <paramref name="tid"/> alone into the cgroup (cgroup v1's <c>tasks</c>), so that the process it spawns next starts
    /// there, as runc places an exec before the command runs; false on cgroup v2 (a domain cgroup takes whole processes
    /// only) or if refused, and the caller places the process after its spawn. Only for a thread that ends with its spawn
    /// (<see cref="PrivateThread"/>): a thread it created would stay in the cgroup.
    /// </summary>
    public bool TryAdmitThread(int tid)
    {
        if (_tasks.Length == 0)
        {
            return false;
        }

        var text = Encoding.ASCII.GetBytes(tid.ToString(CultureInfo.InvariantCulture));
        try
        {
            foreach (var tasks in _tasks)
            {
                RandomAccess.Write(tasks, text, 0);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Whether the kernel's OOM killer killed a process of this cgroup (<c>oom_kill</c> of v1's <c>memory.oom_control</c>, v2's <c>memory.events</c>).</summary>
    public bool OomKilled()
    {
        if (_memory is null)
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(Path.Combine(_memory, _unified ? "memory.events" : "memory.oom_control"));
            return OomKillCount(text) > 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The <c>oom_kill N</c> line's count; 0 without one (a kernel before 4.13 does not count).</summary>
    public static long OomKillCount(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["oom_kill", var count] && long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var kills))
            {
                return kills;
            }
        }

        return 0;
    }

    /// <summary>Closes the placement handles and removes the cgroup's directories if they are empty (else the runtime's disposal does).</summary>
    public void Dispose()
    {
        foreach (var handle in _procs.Concat(_tasks))
        {
            handle.Dispose();
        }

        foreach (var directory in _directories)
        {
            ContainerCgroups.TryRemove(directory);
        }
    }

    private static string Make(string directory, List<string> made)
    {
        Directory.CreateDirectory(directory);
        made.Add(directory);
        return directory;
    }

    private static void SetMemory(string directory, long limit, string limitFile, string swapFile, string? swapValue)
    {
        var text = limit.ToString(CultureInfo.InvariantCulture);
        try
        {
            File.WriteAllText(Path.Combine(directory, limitFile), text);
            WriteIfPresent(Path.Combine(directory, swapFile), swapValue ?? text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"set the memory limit of {text} bytes: {ex.Message}", ex);
        }
    }

    private static void SetCpu(string directory, ContainerResources resources, IReadOnlyList<(string File, string Value)> files)
    {
        try
        {
            foreach (var (file, value) in files)
            {
                File.WriteAllText(Path.Combine(directory, file), value);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException(
                string.Create(CultureInfo.InvariantCulture, $"set the CPU shares ({resources.CpuShares}) and quota ({resources.CpuQuota} µs every {resources.CpuPeriod} µs): {ex.Message}"),
                ex);
        }
    }

    private static void Open(string directory, List<SafeFileHandle> procs, List<SafeFileHandle>? tasks)
    {
        // Opened now, in podvisor's own view: the first process is placed from the start gate's thread, which is
        // already in the container's mount namespace.
        procs.Add(File.OpenHandle(Path.Combine(directory, "cgroup.procs"), FileMode.Open, FileAccess.Write));

        // cgroup v1 also moves single threads (its tasks file): an exec's spawning thread joins before it spawns.
        tasks?.Add(File.OpenHandle(Path.Combine(directory, "tasks"), FileMode.Open, FileAccess.Write));
    }

    private static void WriteIfPresent(string path, string value)
    {
        if (File.Exists(path))
        {
            File.WriteAllText(path, value);
        }
    }
}
