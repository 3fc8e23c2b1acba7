using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

// The calls behind the spawning threads' own descriptor table (Isolation/SpawnFileTable): syscall numbers are the
// same on x86-64 and arm64 (both take these from the kernel's generic table).
internal static unsafe partial class Native
{
    /// <summary>unshare(2): the calling thread gets a copy of the descriptor table it shared.</summary>
    public const int CloneFiles = 0x00000400;

    private const int SysPidfdGetfd = 438;

    /// <summary>
    /// pidfd_getfd(2): a copy, in the calling thread's table (close-on-exec), of descriptor <paramref name="fd"/> of the
    /// process <paramref name="pidfd"/> refers to, as its thread-group leader's table has it; -1 with errno.
    /// </summary>
    public static int PidfdGetfd(int pidfd, int fd) => (int)syscall(SysPidfdGetfd, pidfd, fd, 0);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint syscall(nint number, nint arg1, nint arg2, nint arg3);

    /// <summary>
    /// Blocks, for the calling thread, the signals the kernel may deliver to any thread of the process (a child's exit,
    /// a terminal's or a user's signal). Their handlers in the .NET runtime write to a pipe of podvisor's table; a
    /// thread of another table must leave them to the others. Synchronous signals (a fault) and the real-time ones (the
    /// runtime's and glibc's own, sent to a chosen thread) stay open.
    /// </summary>
    public static void BlockProcessSignals()
    {
        // Signals 1..31 but SIGILL 4, SIGTRAP 5, SIGABRT 6, SIGBUS 7, SIGFPE 8, SIGKILL 9, SIGSEGV 11, SIGSTOP 19, SIGSYS 31.
        const ulong synchronous = (1UL << 3) | (1UL << 4) | (1UL << 5) | (1UL << 6) | (1UL << 7) | (1UL << 8) | (1UL << 10) | (1UL << 18) | (1UL << 30);
        var set = stackalloc ulong[16];
        set[0] = 0x7FFF_FFFFUL & ~synchronous;
        _ = pthread_sigmask(SigBlock, set, null);
    }

    private const int SigBlock = 0;

    [LibraryImport(Libc)]
    private static partial int pthread_sigmask(int how, ulong* set, ulong* old);
}
