// Why this file exists
// --------------------
// A subPath is checked inside its volume before a start (the engine's SubPathResolver), but a container sharing the
// volume may swap a component for a symlink between that check and the bind. The kubelet closes that window by opening
// the path one component at a time without following links and binding the descriptor it holds (/proc/<pid>/fd/N:
// pkg/volume/util/subpath/subpath_linux.go, doSafeOpen and doBindSubPath); openat2 with
// RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS is that walk done by the kernel in one call (Linux 5.6).
// One copy, linked into every runtime that binds subPaths (Runtime.Processes and Runtime.Cri), which share no
// assembly below the engine; its P/Invokes are its own so it needs nothing from either project.
using System.Runtime.InteropServices;

namespace Podvisor.Platform;

internal static unsafe partial class BeneathOpen
{
    private const string Libc = "libc";
    private const int SysOpenat2 = 437;
    private const int OPath = 0x200000;
    private const int ODirectory = 0x10000;
    private const int OCloexec = 0x80000;
    private const ulong ResolveNoMagicLinks = 0x02;
    private const ulong ResolveNoSymlinks = 0x04;
    private const ulong ResolveBeneath = 0x08;

    /// <summary>
    /// An O_PATH, close-on-exec descriptor of <paramref name="relative"/> under the directory <paramref name="root"/>
    /// (empty: the root itself), reached without following any symlink and without leaving it; or -1 with errno set
    /// (ELOOP/EXDEV for a link or an escape, ENOENT for a missing component).
    /// </summary>
    public static int Open(string root, string relative)
    {
        var rootFd = open(root, OPath | ODirectory | OCloexec);
        if (rootFd < 0)
        {
            return -1;
        }

        try
        {
            var how = new OpenHow { Flags = OPath | OCloexec, Resolve = ResolveBeneath | ResolveNoSymlinks | ResolveNoMagicLinks };
            var path = relative.Length == 0 ? "." : relative;
            return (int)OpenAt2(SysOpenat2, rootFd, path, &how, sizeof(OpenHow));
        }
        finally
        {
            var error = Marshal.GetLastPInvokeError();
            close(rootFd);
            Marshal.SetLastPInvokeError(error);
        }
    }

    /// <summary><see cref="Open"/> of <paramref name="path"/>, which must lie under <paramref name="root"/>.</summary>
    public static int OpenPath(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return Open(root, relative == "." ? string.Empty : relative);
    }

    /// <summary>The path through which the kernel reaches the descriptor's file itself (a bind source that is not re-resolved).</summary>
    public static string ProcPath(int fd) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/proc/thread-self/fd/{fd}");

    /// <summary>close(2) of a descriptor <see cref="Open"/> returned; errno is kept for the caller's message.</summary>
    public static void Close(int fd)
    {
        var error = Marshal.GetLastPInvokeError();
        close(fd);
        Marshal.SetLastPInvokeError(error);
    }

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint OpenAt2(nint number, int directoryFd, string path, OpenHow* how, nint size);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    private static partial int close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }
}
