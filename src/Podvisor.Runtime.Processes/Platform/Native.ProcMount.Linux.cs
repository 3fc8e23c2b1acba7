// Why this file exists
// --------------------
// A container's /proc must show its own PID namespace. proc shows the mounter's PID namespace unless told another
// with the `pidns` option (Linux 6.18), which only the new mount API (fsopen, fsconfig, fsmount, move_mount) takes.
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

internal static unsafe partial class Native
{
    // <linux/mount.h>: the new mount API, the only way to give a proc instance another PID namespace than the caller's.
    public const int SysMoveMount = 429;
    public const int SysFsopen = 430;
    public const int SysFsconfig = 431;
    public const int SysFsmount = 432;
    public const uint FsopenCloexec = 1;
    public const uint FsconfigSetFd = 5;
    public const uint FsconfigCmdCreate = 6;
    public const uint FsmountCloexec = 1;
    public const uint MoveMountFEmptyPath = 4;

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint FsOpen(nint number, string fileSystem, uint flags);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint FsConfig(nint number, int context, uint command, string? key, nint value, int auxiliary);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    private static partial nint FsMount(nint number, int context, uint flags, uint attributes);

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint MoveMount(nint number, int fromDirectory, string fromPath, int toDirectory, string toPath, uint flags);

    /// <summary>
    /// Mounts a new proc instance showing the PID namespace <paramref name="pidNamespaceFd"/> on <paramref name="target"/>
    /// in the calling thread's mount namespace (fsopen, fsconfig's <c>pidns</c>, fsmount, move_mount). Without the
    /// <c>pidns</c> option proc shows the mounter's own PID namespace, which is never the container's (a task does not
    /// change PID namespace). Returns null on success, else what failed.
    /// </summary>
    public static string? MountProc(int pidNamespaceFd, string target)
    {
        var context = (int)FsOpen(SysFsopen, "proc", FsopenCloexec);
        if (context < 0)
        {
            return $"fsopen proc: {LastErrorText()}";
        }

        var mounted = -1;
        try
        {
            if (FsConfig(SysFsconfig, context, FsconfigSetFd, "pidns", 0, pidNamespaceFd) < 0)
            {
                return $"proc pidns option: {LastErrorText()}";
            }

            if (FsConfig(SysFsconfig, context, FsconfigCmdCreate, null, 0, 0) < 0)
            {
                return $"create proc: {LastErrorText()}";
            }

            mounted = (int)FsMount(SysFsmount, context, FsmountCloexec, 0);
            if (mounted < 0)
            {
                return $"fsmount proc: {LastErrorText()}";
            }

            return MoveMount(SysMoveMount, mounted, string.Empty, AtFdCwd, target, MoveMountFEmptyPath) < 0
                ? $"mount proc to {target}: {LastErrorText()}"
                : null;
        }
        finally
        {
            close(context);
            if (mounted >= 0)
            {
                close(mounted);
            }
        }
    }

    /// <summary>Whether proc takes the <c>pidns</c> option (Linux 6.18): tried on the caller's own PID namespace, nothing mounted.</summary>
    public static bool ProcTakesPidNamespace()
    {
        var own = open("/proc/thread-self/ns/pid", O_RDONLY | O_CLOEXEC);
        var context = (int)FsOpen(SysFsopen, "proc", FsopenCloexec);
        try
        {
            return own >= 0 && context >= 0 && FsConfig(SysFsconfig, context, FsconfigSetFd, "pidns", 0, own) == 0;
        }
        finally
        {
            foreach (var fd in new[] { own, context }.Where(fd => fd >= 0))
            {
                close(fd);
            }
        }
    }
}
