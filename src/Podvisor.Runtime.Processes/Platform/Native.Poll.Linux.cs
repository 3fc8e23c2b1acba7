// Why this file exists
// --------------------
// A pidfd is readable as soon as its process has exited, before anyone reaps it. The grace period's SIGKILL asks
// that first (ProcessGroupLeader.SignalIfRunning), so an exit the event loop has not handled yet is not killed again.
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

internal static unsafe partial class Native
{
    private const short PollIn = 0x1;

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>Whether <paramref name="fd"/> is readable right now (poll with a zero timeout; never blocks).</summary>
    public static bool IsReadableNow(int fd)
    {
        var entry = new PollFd { Fd = fd, Events = PollIn };
        int result;
        do
        {
            result = poll(&entry, 1, 0);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == EINTR);

        return result > 0 && (entry.Revents & PollIn) != 0;
    }

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int poll(PollFd* fds, ulong count, int timeout);
}
