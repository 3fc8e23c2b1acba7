// Why this file exists
// --------------------
// A subPath is checked inside its volume before a start (the engine's SubPathResolver), but the container may swap a
// component for a symlink between that check and the bind. The kubelet closes that window by opening the path one
// component at a time without following links and binding the descriptor it holds (/proc/self/fd/N); openat2 with
// RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS is that walk done by the kernel in one call (Linux 5.6).
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

internal static unsafe partial class Native
{
    public const int SysOpenat2 = 437;
    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveNoSymlinks = 0x04;
    public const ulong ResolveBeneath = 0x08;

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint OpenAt2(nint number, int directoryFd, string path, OpenHow* how, nint size);

    /// <summary>
    /// An O_PATH descriptor of <paramref name="relative"/> under the directory <paramref name="root"/>, reached without
    /// following any symlink and without leaving it; or -1 with errno set (ELOOP/EXDEV for a link or an escape).
    /// </summary>
    public static int OpenBeneath(string root, string relative)
    {
        var rootFd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (rootFd < 0)
        {
            return -1;
        }

        try
        {
            var how = new OpenHow { Flags = (ulong)(O_PATH | O_CLOEXEC), Resolve = ResolveBeneath | ResolveNoSymlinks | ResolveNoMagicLinks };
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

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }
}
