using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Open descriptors of a running container's mount (and user, or PID) namespace and of its working directory,
/// taken once its setup is done. Execs join through these rather than <c>/proc/PID</c>, so an exec can
/// never enter a process that reused the PID, and starts where the container started, even in a
/// directory the container's mounts hide from a path lookup. Closed when the container exits: an exec
/// after that is refused, as runc does.
/// </summary>
internal sealed class NamespaceHandles
{
    private readonly Lock _gate = new();
    private int _mount;
    private int _cwd;
    private int _user;
    private int _pid;

    private NamespaceHandles(int mount, int cwd, int user, int pid)
    {
        _mount = mount;
        _cwd = cwd;
        _user = user;
        _pid = pid;
    }

    /// <summary>Opens the namespaces of <paramref name="leader"/>; null when it has already exited.</summary>
    public static NamespaceHandles? Open(ProcessGroupLeader leader, IsolationMode mode)
    {
        var mount = leader.OpenWhileAlive("ns/mnt");
        if (mount < 0)
        {
            return null;
        }

        var cwd = leader.OpenWhileAlive("cwd");
        var user = mode == IsolationMode.UserNamespace ? leader.OpenWhileAlive("ns/user") : -1;

        // Root's mode gives every container a PID namespace (PidNamespaceStart); execs join it.
        var pid = mode == IsolationMode.MountNamespace ? leader.OpenWhileAlive("ns/pid") : -1;
        if (cwd < 0 || (mode == IsolationMode.UserNamespace && user < 0) || (mode == IsolationMode.MountNamespace && pid < 0))
        {
            foreach (var fd in new[] { mount, cwd, user, pid }.Where(fd => fd >= 0))
            {
                Native.close(fd);
            }

            return null;
        }

        return new NamespaceHandles(mount, cwd, user, pid);
    }

    /// <summary>
    /// Runs <paramref name="spawn"/> with the descriptors (mount, working directory, then user or PID) while they are
    /// guaranteed open; returns false, without running it, once they are closed.
    /// </summary>
    public bool TryUse(Action<IReadOnlyList<int>> spawn)
    {
        lock (_gate)
        {
            if (_mount < 0)
            {
                return false;
            }

            spawn(_user >= 0 ? [_mount, _cwd, _user] : _pid >= 0 ? [_mount, _cwd, _pid] : [_mount, _cwd]);
            return true;
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_mount >= 0)
            {
                Native.close(_mount);
                Native.close(_cwd);
                _mount = -1;
                _cwd = -1;
            }

            if (_user >= 0)
            {
                Native.close(_user);
                _user = -1;
            }

            if (_pid >= 0)
            {
                Native.close(_pid);
                _pid = -1;
            }
        }
    }
}
