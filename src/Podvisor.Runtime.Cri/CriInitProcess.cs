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
    private int _fd;
    private bool _watched;

    private CriInitProcess(EventLoop loop, int fd)
    {
        _loop = loop;
        _fd = fd;
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
        if (!CgroupNames(pid, containerId) || PidfdCalls.HasExited(fd))
        {
            PidfdCalls.Close(fd);
            return null;
        }

        var init = new CriInitProcess(loop, fd);
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

    private static bool CgroupNames(int pid, string containerId)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cgroup").Contains(containerId, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

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
    public bool TrySignal(int signal)
    {
        lock (_gate)
        {
            return _fd >= 0 && PidfdCalls.SendSignal(_fd, signal);
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
        }

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
        }
    }
}
