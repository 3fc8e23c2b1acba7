using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// One container instance's memory cgroup, as runc makes it from the kubelet's <c>memory_limit_in_bytes</c>: the limit,
/// swap held to the same limit (containerd's default when the kubelet sends no swap limit), the container's first
/// process placed in it before it runs anything (its children follow), and the kernel's OOM kill count read at the
/// end, which containerd turns into the reason <c>OOMKilled</c> whichever process the kernel killed.
/// </summary>
internal sealed class MemoryCgroup : IDisposable
{
    private readonly string _directory;
    private readonly bool _unified;
    private readonly SafeFileHandle _procs;
    private readonly SafeFileHandle? _tasks;

    private MemoryCgroup(string directory, bool unified, SafeFileHandle procs, SafeFileHandle? tasks)
    {
        _directory = directory;
        _unified = unified;
        _procs = procs;
        _tasks = tasks;
    }

    /// <summary>Makes the cgroup and sets its limit; <see cref="IOException"/> if the kernel refuses.</summary>
    internal static MemoryCgroup Create(MemoryCgroups parent, string containerId, long limitBytes)
    {
        var directory = Path.Combine(parent.Directory, containerId);
        Directory.CreateDirectory(directory);
        try
        {
            var limit = limitBytes.ToString(CultureInfo.InvariantCulture);
            if (parent.Unified)
            {
                File.WriteAllText(Path.Combine(directory, "memory.max"), limit);
                WriteIfPresent(Path.Combine(directory, "memory.swap.max"), "0");
            }
            else
            {
                // memsw (memory + swap) may not go below the memory limit, so it is set second.
                File.WriteAllText(Path.Combine(directory, "memory.limit_in_bytes"), limit);
                WriteIfPresent(Path.Combine(directory, "memory.memsw.limit_in_bytes"), limit);
            }

            // Opened now, in podvisor's own view: the first process is placed from the start gate's thread, which is
            // already in the container's mount namespace.
            var procs = File.OpenHandle(Path.Combine(directory, "cgroup.procs"), FileMode.Open, FileAccess.Write);

            // cgroup v1 also moves single threads (its tasks file): an exec's spawning thread joins before it spawns.
            var tasks = parent.Unified ? null : File.OpenHandle(Path.Combine(directory, "tasks"), FileMode.Open, FileAccess.Write);
            return new MemoryCgroup(directory, parent.Unified, procs, tasks);
        }
        catch
        {
            MemoryCgroups.TryRemove(directory);
            throw;
        }
    }

    /// <summary>Moves <paramref name="pid"/> (and so whatever it starts later) into the cgroup; <see cref="IOException"/> if refused.</summary>
    public void Admit(int pid)
    {
        try
        {
            RandomAccess.Write(_procs, Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture)), 0);
        }
        catch (NotSupportedException ex)
        {
            // The cgroup is gone (its file no longer seeks): a start failure, never an exception that ends the start
            // gate's thread, and podvisor with it.
            throw new IOException($"place process {pid} in {_directory}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Moves the calling thread alone into the cgroup (cgroup v1's <c>tasks</c>), so that the process it spawns next starts
    /// there, as runc places an exec before the command runs; false on cgroup v2 (a domain cgroup takes whole processes
    /// only) or if refused, and the caller places the process after its spawn. Only for a thread that ends with its spawn
    /// (<see cref="PrivateThread"/>): a thread it created would stay in the cgroup.
    /// </summary>
    public bool TryAdmitCallingThread()
    {
        if (_tasks is null)
        {
            return false;
        }

        try
        {
            RandomAccess.Write(_tasks, Encoding.ASCII.GetBytes(Platform.Native.gettid().ToString(CultureInfo.InvariantCulture)), 0);
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
        try
        {
            var text = File.ReadAllText(Path.Combine(_directory, _unified ? "memory.events" : "memory.oom_control"));
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

    /// <summary>Closes the placement handle and removes the cgroup if it is empty (else the runtime's disposal does).</summary>
    public void Dispose()
    {
        _procs.Dispose();
        _tasks?.Dispose();
        MemoryCgroups.TryRemove(_directory);
    }

    private static void WriteIfPresent(string path, string value)
    {
        if (File.Exists(path))
        {
            File.WriteAllText(path, value);
        }
    }
}
