// Why this file exists
// --------------------
// A CRI container's init process is not podvisor's child, but when podvisor and containerd share the host's PID
// namespace podvisor can still hold it by a pidfd: the descriptor becomes readable the moment the process dies
// (so the exit is seen without polling containerd), and a signal sent through it can never reach another process
// that reused the PID (so the grace period's SIGKILL can be sent directly, at its deadline). These are the calls.
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Cri.Platform;

internal static unsafe partial class PidfdCalls
{
    private const string Libc = "libc";

    // The generic syscall table: the same numbers on x86_64 and arm64 (Linux 5.1 and 5.3).
    private const nint SysPidfdSendSignal = 424;
    private const nint SysPidfdOpen = 434;
    private const short PollIn = 0x1;
    private const int EINTR = 4;

    /// <summary>No such process: the pidfd's process has been reaped.</summary>
    public const int ESRCH = 3;

    /// <summary>pidfd_open(pid, 0) with close-on-exec (pidfds always are); -1 with errno set.</summary>
    public static int Open(int pid) => (int)syscall(SysPidfdOpen, pid, 0, 0, 0);

    /// <summary>pidfd_send_signal(fd, signal, NULL, 0); false with errno set (ESRCH once the process has exited).</summary>
    public static bool SendSignal(int fd, int signal) => syscall(SysPidfdSendSignal, fd, signal, 0, 0) == 0;

    /// <summary>Whether the process behind <paramref name="fd"/> has exited (the pidfd is readable), without waiting.</summary>
    public static bool HasExited(int fd)
    {
        var entry = new PollFd { Fd = fd, Events = PollIn };
        int ready;
        do
        {
            ready = poll(&entry, 1, 0);
        }
        while (ready < 0 && Marshal.GetLastPInvokeError() == EINTR);

        return ready != 0;
    }

    public static void Close(int fd) => close(fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    // syscall is variadic; with integer arguments only, the fixed signature is ABI-compatible.
    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint syscall(nint number, nint arg1, nint arg2, nint arg3, nint arg4);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int close(int fd);
}
