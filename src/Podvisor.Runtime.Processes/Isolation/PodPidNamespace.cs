using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// The PID namespace a pod's containers share under <c>shareProcessNamespace: true</c>. As the kubelet's sandbox holds
/// its pause container there, PID 1 is a process of podvisor's: a shell that sleeps and reaps every orphan the
/// containers leave (a shell's <c>wait</c> reaps any child, and orphans of the namespace become its children). Killing
/// it ends the namespace, and the kernel kills every process left in it.
/// </summary>
internal sealed class PodPidNamespace : IAsyncDisposable
{
    // argv[0] "pause" is what `ps` in a container shows for PID 1, as the kubelet's pause image does.
    private const string PauseScript = "while :; do sleep 2147483647 & wait; done";

    private readonly Lock _gate = new();
    private readonly ProcessGroupLeader _pause;
    private int _namespace;

    private PodPidNamespace(ProcessGroupLeader pause, int pidNamespace)
    {
        _pause = pause;
        _namespace = pidNamespace;
    }

    /// <summary>
    /// Spawns the pause process as PID 1 of a new PID namespace, from a private thread, and watches it with
    /// <paramref name="watch"/> (which registers it with the guard). Throws <see cref="NamespaceSetupException"/> on failure.
    /// </summary>
    public static async Task<PodPidNamespace> StartAsync(string shell, Func<int, ProcessGroupLeader> watch)
    {
        var request = new SpawnRequest(shell, ["pause", "-c", PauseScript], ["PATH=" + IsolationTools.SetupPath], "/", StdoutFd: null, StderrFd: null);
        var (error, pid) = await PrivateThread.RunAsync(() =>
        {
            if (Native.unshare(Native.CloneNewPid) != 0)
            {
                throw new NamespaceSetupException($"unshare PID namespace: {Native.LastErrorText()}");
            }

            var error = Spawner.Spawn(request, out var pid);
            return (error, pid);
        }).ConfigureAwait(false);
        if (error != 0)
        {
            throw new NamespaceSetupException($"start the pod's pause process {shell}: {new System.ComponentModel.Win32Exception(error).Message}");
        }

        var pause = watch(pid);
        var pidNamespace = pause.OpenWhileAlive("ns/pid");
        if (pidNamespace < 0)
        {
            pause.Signal(Signals.SigKill);
            await pause.Exited.ConfigureAwait(false);
            throw new NamespaceSetupException("the pod's pause process exited at once");
        }

        return new PodPidNamespace(pause, pidNamespace);
    }

    /// <summary>A descriptor of the namespace (close-on-exec) for one start, which closes it; throws once the sandbox is disposed.</summary>
    public int Duplicate()
    {
        lock (_gate)
        {
            var copy = _namespace >= 0 ? Native.fcntl(_namespace, Native.F_DUPFD_CLOEXEC, 3) : -1;
            return copy >= 0 ? copy : throw new NamespaceSetupException("the pod's PID namespace is gone");
        }
    }

    /// <summary>SIGKILLs the pause process, which ends the namespace and every process still in it; waits for the reap.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_namespace >= 0)
            {
                Native.close(_namespace);
                _namespace = -1;
            }
        }

        _pause.Signal(Signals.SigKill);
        await _pause.Exited.ConfigureAwait(false);
    }
}
