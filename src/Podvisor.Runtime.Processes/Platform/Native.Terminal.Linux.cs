// Why this file exists
// --------------------
// `kubectl exec -t` asks for a terminal: the command's stdin, stdout and stderr are the slave side of a pseudoterminal
// and its controlling terminal, so shells prompt, edit lines and turn Ctrl-C into SIGINT, as under runc (which gives an
// exec with terminal: true a console of its own). podvisor holds the master: it reads the output, writes the input and
// sets the window size kubectl sends (TIOCSWINSZ).
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

internal static unsafe partial class Native
{
    // <fcntl.h>, <asm-generic/ioctls.h>, <poll.h>; the same values on x86_64 and arm64 Linux.
    public const int O_RDWR = 2;
    public const int O_NOCTTY = 0x100;
    public const ulong TIOCSWINSZ = 0x5414;
    public const ulong TIOCGWINSZ = 0x5413;
    private const short PollOut = 0x4;

    /// <summary>struct winsize.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int posix_openpt(int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int grantpt(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int unlockpt(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int ptsname_r(int fd, byte* buffer, nuint length);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int ioctl_winsize(int fd, ulong request, WindowSize* size);

    /// <summary>Waits until <paramref name="fd"/> takes a write (a full terminal input queue drains as the command reads).</summary>
    public static void WaitWritable(int fd)
    {
        var entry = new PollFd { Fd = fd, Events = PollOut };
        while (poll(&entry, 1, -1) < 0 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }
    }
}
