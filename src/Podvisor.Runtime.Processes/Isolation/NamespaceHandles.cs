using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// How an exec enters a running container: its mount namespace, its working directory and one more namespace (the
/// user namespace holding the mounts, or the PID namespace the exec joins), as
/// descriptors opened for each exec and closed after it. They are opened through the container's process while it is
/// known unreaped (<see cref="ProcessGroupLeader.OpenWhileAlive"/>), so an exec can never enter a process that reused
/// the PID, and an exec after the exit is refused, as runc does.
/// </summary>
/// <remarks>
/// Nothing is held between execs: a container costs podvisor its two output pipes and its pidfd (its log file only while
/// it writes), no more (three namespace/directory descriptors more per container ran out of a 20000 limit before 3500 pods). The working
/// directory resolves as the start's did: a spec'd one through <c>/proc/PID/root</c>, which follows the container's own
/// mounts as its <c>chdir</c> after them did; otherwise the directory the container inherited, podvisor's own (which it
/// never changes; private threads unshare their working directory first), even where the container's mounts hide it.
/// </remarks>
internal sealed class NamespaceHandles
{
    private readonly Lock _gate = new();
    private readonly ProcessGroupLeader _leader;
    private readonly string _joined;
    private readonly string? _workingDirectory;
    private bool _closed;

    private NamespaceHandles(ProcessGroupLeader leader, string joined, string? workingDirectory)
    {
        _leader = leader;
        _joined = joined;
        _workingDirectory = workingDirectory;
    }

    /// <summary>
    /// The way into <paramref name="leader"/>'s namespaces; null when it has already exited.
    /// <paramref name="joined"/> is the other namespace an exec enters, under <c>/proc/PID/</c> (<c>ns/user</c>, <c>ns/pid</c>);
    /// <paramref name="workingDirectory"/> is the spec's (null: the container inherited podvisor's).
    /// </summary>
    public static NamespaceHandles? Open(ProcessGroupLeader leader, string joined, string? workingDirectory)
    {
        var mount = leader.OpenWhileAlive("ns/mnt");
        if (mount < 0)
        {
            return null;
        }

        Native.close(mount);
        return new NamespaceHandles(leader, joined, string.IsNullOrEmpty(workingDirectory) ? null : workingDirectory);
    }

    /// <summary>
    /// Runs <paramref name="spawn"/> with the descriptors (mount, working directory, then the joined one) while they are
    /// guaranteed open; returns false, without running it, once the container has exited or they cannot be opened.
    /// </summary>
    public bool TryUse(Action<IReadOnlyList<int>> spawn)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            var mount = _leader.OpenWhileAlive("ns/mnt");
            var cwd = _workingDirectory is { } spec
                ? _leader.OpenWhileAlive("root" + (spec.StartsWith('/') ? spec : "/" + spec))
                : Native.open(".", Native.O_PATH | Native.O_DIRECTORY | Native.O_CLOEXEC);
            var joined = _leader.OpenWhileAlive(_joined);
            int[] fds = [mount, cwd, joined];
            try
            {
                if (mount < 0 || cwd < 0 || joined < 0)
                {
                    return false;
                }

                spawn(fds);
                return true;
            }
            finally
            {
                foreach (var fd in fds.Where(fd => fd >= 0))
                {
                    Native.close(fd);
                }
            }
        }
    }

    /// <summary>The container exited: every exec from now on is refused.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }
}
