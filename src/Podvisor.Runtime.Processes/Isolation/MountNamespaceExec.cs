using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Spawns an exec (a hook, an exec probe, <c>kubectl exec</c>) inside a running container's mount namespace without
/// helper programs: a private thread takes its own filesystem context, joins the namespace through the container's
/// handle, moves to the container's working directory through its handle, and posix_spawns the command there, into
/// the container's PID namespace (so the exec sees the container's PID 1 and dies with it, as under runc).
/// Replaces <c>nsenter</c>, a <c>sh</c> and <c>env</c> for root's mount-namespace mode, as
/// <see cref="MountNamespaceStart"/> does for starts.
/// </summary>
internal static class MountNamespaceExec
{
    /// <summary>Returns the spawn's errno (0 on success) and pid; a namespace that cannot be entered throws <see cref="NamespaceSetupException"/>.</summary>
    /// <param name="handles">The container's mount namespace, working directory and PID namespace descriptors, in that order.</param>
    /// <param name="cgroup">The container's cgroup: the thread joins it first (cgroup v1), so the exec starts in it.</param>
    public static (int Error, int Pid) Spawn(IReadOnlyList<int> handles, string workingDirectory, SpawnRequest request, ContainerCgroup? cgroup = null) =>
        PrivateThread.Run(() =>
        {
            // Where it cannot (cgroup v2), the runtime places the process right after the spawn. The cgroup's files are
            // descriptors of podvisor's table; the container's handles are imported into this thread's.
            if (cgroup is not null)
            {
                var tid = Native.gettid();
                SpawnFileTable.OnPodvisorTable(() => cgroup.TryAdmitThread(tid));
            }

            using var descriptors = new ImportedDescriptors();
            handles = descriptors.Import(handles);
            request = descriptors.Import(request);

            // setns into a mount namespace refuses a thread that shares its filesystem context with others.
            if (Native.unshare(Native.CloneFs) != 0 || Native.setns(handles[0], Native.CloneNewNs) != 0)
            {
                throw new NamespaceSetupException($"OCI runtime exec failed: exec failed: unable to join the container's mount namespace: {Native.LastErrorText()}: unknown");
            }

            // Changes where this thread's children go: the exec becomes a process of the container's namespace.
            if (handles.Count > 2 && Native.setns(handles[2], Native.CloneNewPid) != 0)
            {
                throw new NamespaceSetupException($"OCI runtime exec failed: exec failed: unable to join the container's PID namespace: {Native.LastErrorText()}: unknown");
            }

            if (Native.fchdir(handles[1]) != 0)
            {
                throw new NamespaceSetupException($"chdir to cwd (\"{workingDirectory}\") failed: no such file or directory");
            }

            var error = Spawner.Spawn(request with { WorkingDirectory = null }, out var pid);
            return (error, pid);
        });
}
