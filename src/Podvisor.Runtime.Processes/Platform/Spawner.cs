using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// Starts a process as the leader of a new session (so its PID is also its PGID), with every signal
/// at its default disposition, an empty signal mask, stdin from /dev/null unless given, the given
/// stdout/stderr (or a terminal for all three), and every other descriptor closed: nothing of podvisor leaks into a container.
/// </summary>
internal static unsafe class Spawner
{
    /// <summary>Returns 0 and the pid, or the errno the child failed with before exec (ENOENT, EACCES, ...).</summary>
    public static int Spawn(SpawnRequest request, out int pid)
    {
        var strings = new List<nint>();
        var temporaries = new List<int>();
        var attributes = NativeMemory.AllocZeroed(Native.OpaqueSize);
        var actions = NativeMemory.AllocZeroed(Native.OpaqueSize);
        var signals = NativeMemory.AllocZeroed(Native.OpaqueSize);
        var argv = (byte**)NativeMemory.AllocZeroed((nuint)(request.Argv.Count + 1), (nuint)sizeof(nint));
        var envp = (byte**)NativeMemory.AllocZeroed((nuint)(request.Environment.Count + 1), (nuint)sizeof(nint));
        try
        {
            Check(Native.posix_spawnattr_init(attributes));
            Check(Native.posix_spawn_file_actions_init(actions));
            Check(Native.posix_spawnattr_setflags(
                attributes, Native.PosixSpawnSetSid | Native.PosixSpawnSetSigDef | Native.PosixSpawnSetSigMask));
            // Every signal 1..64 back to SIG_DFL. Not sigfillset: it leaves out glibc's internal signals
            // 32 and 33, which posix_spawn then sets to SIG_IGN, and an exec keeps ignored signals ignored.
            *(ulong*)signals = ulong.MaxValue;
            Check(Native.posix_spawnattr_setsigdefault(attributes, signals));
            Check(Native.sigemptyset(signals));
            Check(Native.posix_spawnattr_setsigmask(attributes, signals));

            if (request.Terminal is { } terminal)
            {
                // glibc runs POSIX_SPAWN_SETSID before the file actions, so this open (without O_NOCTTY) by the leader of
                // a session that has no terminal yet makes the terminal its controlling one.
                Check(Native.posix_spawn_file_actions_addopen(actions, 0, Utf8(strings, terminal), Native.O_RDWR, 0));
                Check(Native.posix_spawn_file_actions_adddup2(actions, 0, 1));
                Check(Native.posix_spawn_file_actions_adddup2(actions, 0, 2));
            }
            else
            {
                if (request.StdinFd is { } stdin)
                {
                    Check(Native.posix_spawn_file_actions_adddup2(actions, stdin, 0));
                }
                else
                {
                    Check(Native.posix_spawn_file_actions_addopen(actions, 0, Utf8(strings, "/dev/null"), Native.O_RDONLY, 0));
                }

                AddOutput(actions, strings, request.StdoutFd, 1);
                AddOutput(actions, strings, request.StderrFd, 2);
            }
            if (request.WorkingDirectory is { } cwd)
            {
                Check(Native.posix_spawn_file_actions_addchdir_np(actions, Utf8(strings, cwd)));
            }

            var inherited = request.InheritedFds ?? [];
            for (var i = 0; i < inherited.Count; i++)
            {
                Check(Native.posix_spawn_file_actions_adddup2(actions, SafeSource(inherited[i], inherited.Count, temporaries), 3 + i));
            }

            // A gate's opens block the child until podvisor lets it go on; the closefrom below closes what they opened.
            if (request.Gate is { } gate)
            {
                Check(Native.posix_spawn_file_actions_addfchdir_np(actions, gate.DirectoryFd));
                Check(Native.posix_spawn_file_actions_addopen(actions, 3 + inherited.Count, Utf8(strings, gate.Arrived), Native.O_WRONLY, 0));
                Check(Native.posix_spawn_file_actions_addopen(actions, 4 + inherited.Count, Utf8(strings, gate.Proceed), Native.O_RDONLY, 0));
                Check(Native.posix_spawn_file_actions_addfchdir_np(actions, gate.WorkingDirectoryFd));
            }

            // Descriptors inherited by podvisor itself without O_CLOEXEC would otherwise reach containers.
            Check(Native.posix_spawn_file_actions_addclosefrom_np(actions, 3 + inherited.Count));

            for (var i = 0; i < request.Argv.Count; i++)
            {
                argv[i] = Utf8(strings, request.Argv[i]);
            }

            for (var i = 0; i < request.Environment.Count; i++)
            {
                envp[i] = Utf8(strings, request.Environment[i]);
            }

            return Native.posix_spawn(out pid, Utf8(strings, request.Path), actions, attributes, argv, envp);
        }
        finally
        {
            _ = Native.posix_spawn_file_actions_destroy(actions);
            _ = Native.posix_spawnattr_destroy(attributes);
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }

            foreach (var fd in temporaries)
            {
                Native.close(fd);
            }

            NativeMemory.Free(argv);
            NativeMemory.Free(envp);
            NativeMemory.Free(signals);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
        }
    }

    private static void AddOutput(void* actions, List<nint> strings, int? source, int target) =>
        Check(source is { } fd
            ? Native.posix_spawn_file_actions_adddup2(actions, fd, target)
            : Native.posix_spawn_file_actions_addopen(actions, target, Utf8(strings, "/dev/null"), Native.O_WRONLY, 0));

    /// <summary>
    /// A source numbered among the targets (3 .. 3+count-1) could be overwritten by an earlier dup2,
    /// so it is first copied above them (close-on-exec, closed after the spawn).
    /// </summary>
    private static int SafeSource(int fd, int count, List<int> temporaries)
    {
        if (fd >= 3 + count)
        {
            return fd;
        }

        var copy = Native.fcntl(fd, Native.F_DUPFD_CLOEXEC, 3 + count);
        if (copy < 0)
        {
            throw new InvalidOperationException($"posix_spawn setup failed: fcntl(F_DUPFD_CLOEXEC) errno {Marshal.GetLastPInvokeError()}");
        }

        temporaries.Add(copy);
        return copy;
    }

    private static byte* Utf8(List<nint> owned, string value)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(value);
        owned.Add(pointer);
        return (byte*)pointer;
    }

    private static void Check(int result)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"posix_spawn setup failed: error {result}");
        }
    }
}
