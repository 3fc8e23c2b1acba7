using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Spawns an exec (a hook, an exec probe, <c>kubectl exec</c>) inside a running container's mount namespace without
/// helper programs: a private thread takes its own filesystem context, joins the namespace through the container's
/// handle, moves to the container's working directory through its handle, and posix_spawns the command there.
/// Replaces <c>nsenter</c>, a <c>sh</c> and <c>env</c> for root's mount-namespace mode, as
/// <see cref="MountNamespaceStart"/> does for starts.
/// </summary>
internal static class MountNamespaceExec
{
    /// <summary>Returns the spawn's errno (0 on success) and pid; a namespace that cannot be entered throws <see cref="NamespaceSetupException"/>.</summary>
    /// <param name="handles">The container's mount namespace and working directory descriptors, in that order.</param>
    public static (int Error, int Pid) Spawn(IReadOnlyList<int> handles, string workingDirectory, SpawnRequest request) =>
        PrivateThread.Run(() =>
        {
            // setns into a mount namespace refuses a thread that shares its filesystem context with others.
            if (Native.unshare(Native.CloneFs) != 0 || Native.setns(handles[0], Native.CloneNewNs) != 0)
            {
                throw new NamespaceSetupException($"OCI runtime exec failed: exec failed: unable to join the container's mount namespace: {Native.LastErrorText()}: unknown");
            }

            if (Native.fchdir(handles[1]) != 0)
            {
                throw new NamespaceSetupException($"chdir to cwd (\"{workingDirectory}\") failed: no such file or directory");
            }

            var error = Spawner.Spawn(request with { WorkingDirectory = null }, out var pid);
            return (error, pid);
        });
}
