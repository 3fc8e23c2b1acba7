// Why this file exists
// --------------------
// A start gate must be able to let its child go (or kill it) even when the process has run out of descriptors: what it
// needs after the spawn is reserved or opened before it. pread reads a /proc file opened before the child existed.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Podvisor.Runtime.Processes.Platform;

internal static unsafe partial class Native
{
    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint pread(int fd, byte* buffer, nint count, long offset);

    /// <summary>A descriptor slot held for later (a close-on-exec duplicate of <paramref name="fd"/>); -1 when none is left.</summary>
    public static int Reserve(int fd) => fcntl(fd, F_DUPFD_CLOEXEC, 0);

    /// <summary>
    /// The first PID listed by an open <c>/proc/…/task/TID/children</c> (read again from its start on every call); 0 when
    /// the thread has no child yet.
    /// </summary>
    public static int FirstChild(int childrenFd)
    {
        var buffer = stackalloc byte[64];
        var n = pread(childrenFd, buffer, 64, 0);
        if (n <= 0)
        {
            return 0;
        }

        var text = Encoding.ASCII.GetString(buffer, (int)n).Trim();
        var first = text.Split(' ', 2)[0];
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }
}
