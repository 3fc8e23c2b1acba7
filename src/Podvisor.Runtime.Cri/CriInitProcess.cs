using System.Runtime.InteropServices;
using Podvisor.Runtime.Cri.Platform;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// A CRI container's init process (PID 1 of the container) held by a pidfd on its host PID, when podvisor can see
/// it: <see cref="Exited"/> completes the moment it dies (the runtime's epoll thread watches the pidfd), and
/// <see cref="TryKill"/> sends SIGKILL to exactly that process, never to one that reused its PID.
/// </summary>
internal sealed class CriInitProcess : IDisposable
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventLoop _loop;
    private readonly long _token;
    private readonly int _pid;
    private readonly DyingContainerBoost? _boost;
    private int _fd;
    private int _heldNamespace = -1;
    private bool _watched;

    private CriInitProcess(EventLoop loop, int pid, int fd, DyingContainerBoost? boost)
    {
        _loop = loop;
        _pid = pid;
        _fd = fd;
        _boost = boost;
        _token = loop.NewToken();
    }

    /// <summary>Completes once the process has exited.</summary>
    public Task Exited => _exited.Task;

    /// <summary>
    /// Opens <paramref name="pid"/> (containerd's verbose status <c>info.pid</c>) and checks that it is
    /// <paramref name="containerId"/>'s: its cgroup path names the container (runc's cgroup for it), read while the
    /// pidfd already pins the process, so a PID reused in between is caught. Null when the PID is not in podvisor's
    /// PID namespace (a runtime reached with <c>--container-runtime-endpoint</c> may run elsewhere), is gone, or
    /// belongs to another process: the caller then keeps polling <c>ContainerStatus</c>.
    /// </summary>
    public static CriInitProcess? TryOpen(EventLoop loop, int pid, string containerId)
    {
        if (pid <= 0)
        {
            return null;
        }

        var fd = PidfdCalls.Open(pid);
        if (fd < 0)
        {
            return null;
        }

        // After the read, the pidfd must still be live: then the PID had not been freed, so the file read was its.
        var cgroups = CgroupsOf(pid);
        if (cgroups is null || !cgroups.Contains(containerId, StringComparison.Ordinal) || PidfdCalls.HasExited(fd))
        {
            PidfdCalls.Close(fd);
            return null;
        }

        var init = new CriInitProcess(loop, pid, fd, BoostFor(cgroups, containerId));
        lock (init._gate)
        {
            try
            {
                loop.Register(init._token, fd, init.OnReadable);
            }
            catch (IOException)
            {
                PidfdCalls.Close(fd);
                return null;
            }

            init._watched = true;
        }

        return init;
    }

    /// <summary>The text of <c>/proc/PID/cgroup</c>; null when it cannot be read.</summary>
    private static string? CgroupsOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cgroup");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The container's own CPU weight file (never a parent's: its path must name the container); null when there is none.</summary>
    private static DyingContainerBoost? BoostFor(string cgroups, string containerId)
    {
        string mounts;
        try
        {
            mounts = File.ReadAllText("/proc/self/mountinfo");
        }
        catch (IOException)
        {
            return null;
        }

        return CgroupCpuWeight.Find(cgroups, mounts) is { } weight && weight.File.Contains(containerId, StringComparison.Ordinal) && File.Exists(weight.File)
            ? new DyingContainerBoost(weight)
            : null;
    }

    /// <summary>The container's CPU weight at its maximum once it is being killed (<see cref="DyingContainerBoost"/>); null when not found.</summary>
    public DyingContainerBoost? Boost => _boost;

    /// <summary>
    /// SIGKILL through the pidfd: on the caller's thread, no round trip to containerd. False when it could not be sent
    /// (the process has been reaped, or this was disposed); a zombie not yet reaped by its shim still accepts it.
    /// </summary>
    public bool TryKill() => TrySignal(Podvisor.Engine.Runtime.Signals.SigKill);

    /// <summary>
    /// <paramref name="signal"/> through the pidfd, to PID 1 of the container alone (as runc's kill delivers a stop
    /// signal); false when it could not be sent. From outside its PID namespace a signal PID 1 has no handler for is
    /// still dropped by the kernel, as on a node.
    /// </summary>
    public bool TrySignal(int signal) => Send(signal) == InitSignalOutcome.Sent;

    /// <summary>
    /// <paramref name="signal"/> through the pidfd (0: the null signal, which checks the process and sends nothing),
    /// telling a process already reaped from a call that failed. Runs on the kill timer's realtime thread at a
    /// deadline: one lock held by others only around a registration change, and one system call.
    /// </summary>
    public InitSignalOutcome Send(int signal)
    {
        lock (_gate)
        {
            if (_fd < 0)
            {
                return InitSignalOutcome.Failed;
            }

            if (signal == Podvisor.Engine.Runtime.Signals.SigKill && _heldNamespace < 0)
            {
                // The death must not wait for its mount namespace's unmount (DyingNamespaceHold); released once seen.
                _heldNamespace = DyingNamespaceHold.Take(_fd);
            }

            if (PidfdCalls.SendSignal(_fd, signal))
            {
                return InitSignalOutcome.Sent;
            }

            return Marshal.GetLastPInvokeError() == PidfdCalls.ESRCH ? InitSignalOutcome.Exited : InitSignalOutcome.Failed;
        }
    }

    /// <summary>On the loop thread, once the pidfd is readable (level-triggered: stop watching at once).</summary>
    private void OnReadable()
    {
        lock (_gate)
        {
            if (!_watched)
            {
                return;
            }

            _watched = false;
            _loop.Unregister(_token, _fd);
            DyingNamespaceHold.Release(_heldNamespace);
            _heldNamespace = -1;
        }

        // With PODVISOR_TRACE_KILL, the first step of the exit's hand-over (bench/cri-vs-podman.sh's sigkill).
        KillStamps.Mark(_pid, "observed");
        _boost?.Release();
        _exited.TrySetResult();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd < 0)
            {
                return;
            }

            if (_watched)
            {
                _watched = false;
                _loop.Unregister(_token, _fd);
            }

            PidfdCalls.Close(_fd);
            _fd = -1;
            DyingNamespaceHold.Release(_heldNamespace);
            _heldNamespace = -1;
            _boost?.Dispose();
        }
    }
}
