using Podvisor.Engine.Volumes;
using Podvisor.Platform;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Starts a container instance in a new mount namespace without helper programs. A thread of its own unshares
/// its mount namespace (Linux namespaces and the working directory belong to threads), makes the binds with
/// mount(2), moves to the working directory and posix_spawns the command, which inherits all of that; then the
/// thread ends, so nothing else ever runs in the container's namespace.
/// </summary>
/// <remarks>
/// This replaces <c>unshare</c>, a <c>sh</c>, one <c>mount</c> per bind and <c>env</c>, each exec'ing the next:
/// about 3 ms a start, which tripled create → Running and showed in every restart under load (bench/README.md).
/// Only for root's mount-namespace mode: a threaded process cannot enter a new user namespace, so the
/// unprivileged mode keeps the helper programs (<see cref="NamespaceCommands"/>). Same checks, same order
/// and runc's words for failures, as that script.
/// </remarks>
internal static class MountNamespaceStart
{
    /// <summary>Returns the spawn's errno (0 on success) and pid; a setup failure throws <see cref="NamespaceSetupException"/>.</summary>
    /// <param name="pid">A new PID namespace whose PID 1 is the command, or the pod's shared one to join.</param>
    public static Task<(int Error, int Pid)> SpawnAsync(MountTable mounts, string? workingDirectory, SpawnRequest request, PidNamespaceStart pid) =>
        PrivateThread.RunAsync(() => SetUpAndSpawn(mounts, workingDirectory, request, pid));

    /// <summary>
    /// Whether this host lets a start do what it does: a new mount namespace and a bind in it, of
    /// <paramref name="directory"/> onto itself. Tried for real, with the starts' own code, on a thread that then ends.
    /// </summary>
    public static bool CanBind(string directory) =>
        PrivateThread.Run(() =>
        {
            try
            {
                EnterNewNamespace();
                Bind(new MountStep(directory, directory, directory, ReadOnly: false));
                return true;
            }
            catch (NamespaceSetupException)
            {
                return false;
            }
        });

    private static (int Error, int Pid) SetUpAndSpawn(MountTable mounts, string? workingDirectory, SpawnRequest request, PidNamespaceStart pid)
    {
        EnterNewNamespace();
        foreach (var step in mounts.Steps())
        {
            Bind(step);
        }

        if (!string.IsNullOrEmpty(workingDirectory) && Native.chdir(workingDirectory) != 0)
        {
            throw new NamespaceSetupException($"chdir to cwd (\"{workingDirectory}\") set in config.json failed: no such file or directory");
        }

        using var descriptors = new ImportedDescriptors();
        return pid.Spawn(descriptors.Import(request) with { WorkingDirectory = null }, descriptors);
    }

    private static void EnterNewNamespace()
    {
        if (Native.unshare(Native.CloneNewNs) != 0)
        {
            throw new NamespaceSetupException($"unshare mount namespace: {Native.LastErrorText()}");
        }

        // Nothing mounted for this container may propagate back to the host (unshare --propagation private).
        if (Native.mount(null, "/", null, Native.MsRec | Native.MsPrivate, 0) != 0)
        {
            throw new NamespaceSetupException($"make / private: {Native.LastErrorText()}");
        }
    }

    private static void Bind(MountStep step)
    {
        if (step.Beneath is not { } volume)
        {
            BindFrom(step.Source, step);
            return;
        }

        // A subPath: bound through a descriptor reached inside its volume without following a link, so a link the
        // container made after the engine's check cannot send the bind to the host (kubelet: doSafeOpen, then a bind
        // of /proc/self/fd/N). The descriptor lives until the bind is made.
        var fd = BeneathOpen.OpenPath(volume, step.Source);
        if (fd < 0)
        {
            throw Failure(step, $"open {step.Source} beneath {volume}: {Native.LastErrorText()}");
        }

        try
        {
            BindFrom(BeneathOpen.ProcPath(fd), step);
        }
        finally
        {
            Native.close(fd);
        }
    }

    private static void BindFrom(string sourcePath, MountStep step)
    {
        var source = HostFileTypes.KindOf(sourcePath);
        if (source == HostPathKind.Missing)
        {
            throw Failure(step, $"stat {step.Source}: no such file or directory");
        }

        if (HostFileTypes.KindOf(step.Target) == HostPathKind.Missing)
        {
            CreateTarget(step, isDirectory: source == HostPathKind.Directory);
        }

        const uint bind = Native.MsBind | Native.MsRec;
        if (Native.mount(sourcePath, step.Target, null, bind, 0) != 0)
        {
            throw Failure(step, $"mount {step.Source}:{step.Target}, flags: 0x{bind:x}: {Native.LastErrorText()}");
        }

        const uint readOnly = Native.MsRemount | Native.MsBind | Native.MsRdOnly;
        if (step.ReadOnly && Native.mount(null, step.Target, null, readOnly, 0) != 0)
        {
            throw Failure(step, $"remount {step.Target}, flags: 0x{readOnly:x}: {Native.LastErrorText()}");
        }
    }

    /// <summary>A bind needs something to bind onto: a directory for a directory, an empty file for anything else.</summary>
    private static void CreateTarget(MountStep step, bool isDirectory)
    {
        try
        {
            if (isDirectory)
            {
                Directory.CreateDirectory(step.Target);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(step.Target)!);
                File.Create(step.Target).Dispose();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(step, $"mkdir {step.Target}: {(ex is UnauthorizedAccessException ? "permission denied" : ex.Message)}");
        }
    }

    private static NamespaceSetupException Failure(MountStep step, string reason) =>
        new($"error during container init: error mounting \"{step.Source}\" to rootfs at \"{step.ContainerPath}\": {reason}");
}
