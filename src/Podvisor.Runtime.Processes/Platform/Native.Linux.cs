// Why this file exists
// --------------------
// System.Diagnostics.Process cannot give a container what the kubelet gives one: its own session
// and process group, default signal dispositions (the .NET runtime ignores SIGPIPE and installs its
// own handlers), an empty signal mask, exactly the given environment, and no inherited descriptors.
// glibc's posix_spawn does all of that in the child, before exec, without running managed code
// after a fork. Exits are noticed through pidfds (readable once the process is a zombie) and reaped
// with waitpid on that exact pid, so we never reap a child the .NET runtime owns, and it never reaps
// ours (it only waits for the pids it started, unless podvisor was started with SIGCHLD ignored).
// Every P/Invoke of the project lives here; ESRCH from kill means "already gone", never an error.
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

internal static unsafe partial class Native
{
    private const string Libc = "libc";

    // Values are identical on x86_64 and arm64 Linux.
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int F_DUPFD_CLOEXEC = 1030;
    public const int WNOHANG = 1;
    public const uint EPOLLIN = 0x001;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int SysPidfdOpen = 434;

    // glibc <spawn.h>; POSIX_SPAWN_SETSID needs glibc 2.26.
    public const short PosixSpawnSetSigDef = 0x04;
    public const short PosixSpawnSetSigMask = 0x08;
    public const short PosixSpawnSetSid = 0x80;

    // Opaque glibc structs are smaller than this (posix_spawnattr_t 336 B, file actions 80 B, sigset_t 128 B).
    public const int OpaqueSize = 512;

    public const int X_OK = 1;

    // <sched.h>, <sys/mount.h>.
    public const int CloneNewNs = 0x00020000;
    public const int CloneNewPid = 0x20000000;
    public const uint MsRdOnly = 1;
    public const uint MsRemount = 32;
    public const uint MsBind = 4096;
    public const uint MsRec = 16384;
    public const uint MsPrivate = 1 << 18;

    /// <summary>Applies to the calling thread only: Linux namespaces and the filesystem context belong to threads.</summary>
    [LibraryImport(Libc, SetLastError = true)]
    public static partial int unshare(int flags);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mount(string? source, string target, string? fileSystemType, nuint flags, nint data);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chdir(string path);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rename(string oldPath, string newPath);

    public const int CloneFs = 0x00000200;

    /// <summary>Joins the namespace <paramref name="fd"/> refers to; a mount namespace only from a thread with its own CLONE_FS.</summary>
    [LibraryImport(Libc, SetLastError = true)]
    public static partial int setns(int fd, int namespaceType);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int fchdir(int fd);

    /// <summary>The last P/Invoke's errno as Go (runc, the kubelet) prints it: lower case.</summary>
    public static string LastErrorText() => ErrorText(Marshal.GetLastPInvokeError());

    /// <summary>strerror of <paramref name="errno"/>, lower-cased as Go's errors read ("too many open files").</summary>
    public static string ErrorText(int errno)
    {
        var message = Marshal.GetPInvokeErrorMessage(errno);
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;
    }

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport(Libc)]
    public static partial uint geteuid();

    // statx, unlike stat, has one struct layout on every architecture: stx_mode is the u16 at offset 28.
    public const int AtFdCwd = -100;
    public const uint StatxType = 1;
    public const int StatxSize = 256;
    public const int StatxModeOffset = 28;

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int close(int fd);

    // fcntl and syscall are variadic; with integer arguments only, the fixed signature is ABI-compatible.
    [LibraryImport(Libc, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial nint syscall(nint number, nint arg1, nint arg2);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, byte* epollEvent);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int eventfd(uint initialValue, int flags);

    [LibraryImport(Libc)]
    public static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setsigdefault(void* attributes, void* signals);

    [LibraryImport(Libc)]
    public static partial int posix_spawnattr_setsigmask(void* attributes, void* signals);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* actions, byte* path);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int lowFd);

    [LibraryImport(Libc)]
    public static partial int sigemptyset(void* set);

    public const int O_PATH = 0x200000;
    public const int O_DIRECTORY = 0x10000;

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkfifoat(int directoryFd, string path, uint mode);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int openat(int directoryFd, string path, int flags);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(int directoryFd, string path, int flags);

    [LibraryImport(Libc)]
    public static partial int posix_spawn_file_actions_addfchdir_np(void* actions, int fd);

    [LibraryImport(Libc)]
    public static partial int gettid();

    /// <summary>Signals one process; false when it no longer exists (ESRCH).</summary>
    public static bool KillProcess(int pid, int signal)
    {
        if (kill(pid, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == ESRCH ? false : throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {errno}");
    }

    /// <summary>Signals a whole process group; false when it no longer exists (ESRCH).</summary>
    public static bool KillGroup(int pgid, int signal)
    {
        if (kill(-pgid, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == ESRCH ? false : throw new InvalidOperationException($"kill(-{pgid}, {signal}) failed: errno {errno}");
    }

    /// <summary>A pipe whose both ends are close-on-exec; the child gets its end through dup2, which clears the flag.</summary>
    public static (int Read, int Write) CreatePipe()
    {
        int* fds = stackalloc int[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
        {
            throw new IOException($"create stdio pipes: {LastErrorText()}");
        }

        return (fds[0], fds[1]);
    }

    public static void SetNonBlocking(int fd)
    {
        var flags = fcntl(fd, F_GETFL, 0);
        if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        {
            throw new IOException($"fcntl(O_NONBLOCK) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static int PidfdOpen(int pid)
    {
        var fd = (int)syscall(SysPidfdOpen, pid, 0);
        return fd >= 0 ? fd : throw new IOException($"pidfd_open {pid}: {LastErrorText()}");
    }

    /// <summary>Writes all of <paramref name="data"/> to a blocking descriptor; false when the reader is gone.</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = write(fd, start + done, data.Length - done);
                if (n < 0 && Marshal.GetLastPInvokeError() == EINTR)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return false;
                }

                done += (int)n;
            }
        }

        return true;
    }
}
