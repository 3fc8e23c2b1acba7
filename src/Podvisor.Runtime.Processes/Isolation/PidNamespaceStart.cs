using System.Globalization;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// The PID namespace a container's command starts in, as the kubelet asks the runtime for it (CRI
/// <c>NamespaceOption.pid</c>): a new one whose PID 1 is the command (<c>CONTAINER</c>, the default), or the pod's
/// shared one under <c>shareProcessNamespace</c> (<c>POD</c>). Either way the container's <c>/proc</c> is a proc
/// mounted for that namespace, so it lists the container's (or pod's) processes only. Runs on the private thread that
/// already holds the container's new mount namespace.
/// </summary>
internal sealed class PidNamespaceStart
{
    private readonly string? _gateDirectory;
    private readonly Action<int>? _arrived;
    private readonly int _shared;

    private PidNamespaceStart(string? gateDirectory, Action<int>? arrived, int shared)
    {
        _gateDirectory = gateDirectory;
        _arrived = arrived;
        _shared = shared;
    }

    /// <summary>
    /// A new PID namespace; <paramref name="gateDirectory"/> holds the <see cref="StartGate"/>'s FIFOs, and
    /// <paramref name="arrived"/> gets the child's PID while it waits there (to register it with the guard before it runs).
    /// </summary>
    public static PidNamespaceStart Own(string gateDirectory, Action<int> arrived) => new(gateDirectory, arrived, -1);

    /// <summary>The pod's namespace, through a descriptor held open by the sandbox for as long as the call runs.</summary>
    public static PidNamespaceStart Join(int pidNamespaceFd) => new(null, null, pidNamespaceFd);

    /// <summary>The host's PID namespace: for a kernel whose proc cannot be mounted for another one (the runtime warns).</summary>
    public static PidNamespaceStart Host { get; } = new(null, null, -1);

    /// <param name="request">Its descriptors already in the calling thread's table.</param>
    /// <param name="descriptors">Where the calling thread imports podvisor's descriptors (<see cref="SpawnFileTable"/>).</param>
    public (int Error, int Pid) Spawn(SpawnRequest request, ImportedDescriptors descriptors)
    {
        if (_gateDirectory is { } directory)
        {
            return SpawnAsFirst(directory, request);
        }

        if (_shared >= 0)
        {
            return SpawnInShared(request, descriptors.Import(_shared));
        }

        var error = Spawner.Spawn(request, out var pid);
        return (error, pid);
    }

    private static (int Error, int Pid) SpawnInShared(SpawnRequest request, int shared)
    {
        // setns to a PID namespace changes where this thread's children go, never the thread itself.
        if (Native.setns(shared, Native.CloneNewPid) != 0)
        {
            throw new NamespaceSetupException($"join the pod's PID namespace: {Native.LastErrorText()}");
        }

        if (Native.MountProc(shared, "/proc") is { } failure)
        {
            throw new NamespaceSetupException(failure);
        }

        var error = Spawner.Spawn(request, out var pid);
        return (error, pid);
    }

    private (int Error, int Pid) SpawnAsFirst(string gateDirectory, SpawnRequest request)
    {
        // The namespace exists once its first process does: the gate's attendant names it through this thread's
        // pid_for_children, enters this thread's mount namespace and mounts /proc there while the child waits. The
        // attendant starts first: once this thread's children go to another PID namespace, it can create no thread.
        var tid = Native.gettid();
        var thread = string.Create(CultureInfo.InvariantCulture, $"/proc/self/task/{tid}/ns/");
        var gate = StartGate.Create(gateDirectory, tid);
        int error, pid;
        try
        {
            gate.Attend(child =>
            {
                // The only child of this private thread; guarded before it can run anything of the container.
                if (child > 0 && _arrived is { } arrived)
                {
                    // The guard's pipe and the cgroup's files are descriptors of podvisor's table.
                    SpawnFileTable.OnPodvisorTable(() => arrived(child));
                }

                return MountProcFor(thread);
            });
            if (Native.unshare(Native.CloneNewPid) != 0)
            {
                throw new NamespaceSetupException($"unshare PID namespace: {Native.LastErrorText()}");
            }

            error = Spawner.Spawn(request with { Gate = gate.ChildOpens }, out pid);
        }
        finally
        {
            gate.Dispose();
        }

        if (gate.Failure is { } failure && error == 0)
        {
            // Released so that the spawn could return; it must not run with the host's /proc.
            Native.KillProcess(pid, Signals.SigKill);
            _ = Native.waitpid(pid, out _, 0);
            throw new NamespaceSetupException(failure);
        }

        return (error, pid);
    }

    private static string? MountProcFor(string threadNamespaces)
    {
        var pidNamespace = Native.open(threadNamespaces + "pid_for_children", Native.O_RDONLY | Native.O_CLOEXEC);
        var mountNamespace = Native.open(threadNamespaces + "mnt", Native.O_RDONLY | Native.O_CLOEXEC);
        try
        {
            if (pidNamespace < 0 || mountNamespace < 0)
            {
                return $"open the new namespaces: {Native.LastErrorText()}";
            }

            // The attendant thread is ending: it may take a filesystem context of its own and enter the container's mounts
            // (it was created in them, but says so rather than rely on where it was created).
            if (Native.unshare(Native.CloneFs) != 0 || Native.setns(mountNamespace, Native.CloneNewNs) != 0)
            {
                return $"enter the container's mount namespace: {Native.LastErrorText()}";
            }

            return Native.MountProc(pidNamespace, "/proc");
        }
        finally
        {
            foreach (var fd in new[] { pidNamespace, mountNamespace }.Where(fd => fd >= 0))
            {
                Native.close(fd);
            }
        }
    }
}
