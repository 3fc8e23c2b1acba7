using System.Runtime.InteropServices;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// The descriptor table the private threads (<see cref="PrivateThread"/>) spawn from: a table of their own, nearly empty,
/// instead of podvisor's, which holds three descriptors for every running container.
/// </summary>
/// <remarks>
/// A spawn copies the spawning thread's whole descriptor table into the child, and the child's closefrom (or its exec)
/// closes every copy again: work for each descriptor podvisor holds, so each start cost more than the one before it.
/// Measured with <c>perf</c> at 5000 one-container pods (about 10 000 descriptors open): <c>filp_flush</c>,
/// <c>dnotify_flush</c>, <c>dup_fd</c> and <c>locks_remove_posix</c> took a third of the machine's CPU, and the last
/// thousand pods started at twice the cost a pod of the second 500 (src/Podvisor.Runtime.Processes/README.md, "Descriptors").
/// <para>
/// One long-lived host thread takes a copy of the table (<c>unshare(CLONE_FILES)</c>) when it starts and closes
/// everything in it above stderr; every private thread is then created by that host, and a thread shares the table
/// of the thread that creates it. A private thread gets podvisor's descriptors it needs (a container's stdout pipe,
/// a namespace handle) as copies made by <c>pidfd_getfd</c> from the process's own table (<see cref="TryImport"/>), and
/// closes them itself. Whatever it opens lives in its table alone: it must close it there, and must neither use a
/// number of podvisor's table as is nor hand one of its own to another thread (<see cref="OnPodvisorTable"/> runs
/// such work on a thread of podvisor's table). A kernel or a sandbox without <c>pidfd_getfd</c> (Linux &lt; 5.6, a
/// seccomp filter) leaves the private threads on podvisor's table, as before.
/// </para>
/// </remarks>
internal static class SpawnFileTable
{
    private const int StackBytes = 256 * 1024;

    private static readonly string[] KeptDevices = ["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom"];

    private static readonly object s_gate = new();
    private static readonly Queue<Thread> s_pending = new();
    private static bool s_started;
    private static bool s_ready;
    private static bool s_private;
    private static string? s_unavailable;

    // This process's pidfd, in the private table.
    private static int s_self = -1;

    [ThreadStatic]
    private static bool t_private;

    /// <summary>Whether the private threads have a table of their own (after the first <see cref="Start"/>).</summary>
    public static bool IsPrivate
    {
        get
        {
            lock (s_gate)
            {
                return s_private;
            }
        }
    }

    /// <summary>Why the private threads share podvisor's table, if they do.</summary>
    public static string? Unavailable
    {
        get
        {
            lock (s_gate)
            {
                return s_unavailable;
            }
        }
    }

    /// <summary>Starts <paramref name="body"/> on a new thread: one of the private table's when there is one.</summary>
    public static void Start(Action body, string name)
    {
        lock (s_gate)
        {
            EnsureHost();
            if (s_private)
            {
                var thread = new Thread(
                    () =>
                    {
                        EnterPrivateTable();
                        body();
                    },
                    StackBytes) { IsBackground = true, Name = name };
                s_pending.Enqueue(thread);
                Monitor.PulseAll(s_gate);
                return;
            }
        }

        new Thread(() => body(), StackBytes) { IsBackground = true, Name = name }.UnsafeStart();
    }

    /// <summary>
    /// The body of a thread the calling thread creates: a thread shares its creator's table, so one created on the private
    /// table knows it is there (and leaves the process's signals to the others), as its creator does.
    /// </summary>
    public static ThreadStart Inheriting(Action body)
    {
        var inherited = t_private;
        return () =>
        {
            if (inherited)
            {
                EnterPrivateTable();
            }

            body();
        };
    }

    /// <summary>
    /// A copy of podvisor's descriptor <paramref name="fd"/> for the calling thread, which must close it (or another
    /// thread of the private table); false, and the same number, off the private table or for a negative one (which
    /// names none).
    /// </summary>
    public static bool TryImport(int fd, out int copy)
    {
        if (!t_private || fd < 0)
        {
            copy = fd;
            return false;
        }

        copy = Native.PidfdGetfd(s_self, fd);
        if (copy < 0)
        {
            throw new IOException($"pidfd_getfd of descriptor {fd}: {Native.LastErrorText()}");
        }

        return true;
    }

    /// <summary>Runs <paramref name="work"/> where podvisor's descriptors are valid: at once off the private table.</summary>
    public static void OnPodvisorTable(Action work)
    {
        if (t_private)
        {
            HostCompleter.Run(work);
        }
        else
        {
            work();
        }
    }

    /// <summary>On a thread of the private table, first thing: it knows it is there and leaves the process's signals to the others.</summary>
    private static void EnterPrivateTable()
    {
        t_private = true;
        Native.BlockProcessSignals();
    }

    private static void EnsureHost()
    {
        if (s_started)
        {
            return;
        }

        s_started = true;

        // A descriptor of podvisor's, to prove that an import works before any spawn relies on it.
        var witness = Native.open("/dev/null", Native.O_RDONLY | Native.O_CLOEXEC);
        var host = new Thread(() => Host(witness), StackBytes) { IsBackground = true, Name = "podvisor spawn table" };
        host.UnsafeStart();
        while (!s_ready)
        {
            Monitor.Wait(s_gate);
        }

        if (witness >= 0)
        {
            Native.close(witness);
        }
    }

    private static void Host(int witness)
    {
        Native.BlockProcessSignals();
        var failure = TakePrivateTable(witness);
        lock (s_gate)
        {
            s_private = failure is null;
            s_unavailable = failure;
            s_ready = true;
            Monitor.PulseAll(s_gate);
            if (failure is not null)
            {
                // Its table may already be a copy: it starts nothing.
                return;
            }

            while (true)
            {
                while (s_pending.Count == 0)
                {
                    Monitor.Wait(s_gate);
                }

                // Created by this thread, so in its table. Started outside the lock: the start waits for the new thread.
                var next = s_pending.Dequeue();
                Monitor.Exit(s_gate);
                try
                {
                    next.UnsafeStart();
                }
                finally
                {
                    Monitor.Enter(s_gate);
                }
            }
        }
    }

    /// <summary>
    /// Closes, in the host's copy of the table, everything above stderr but what the .NET runtime itself holds for code
    /// that runs on any thread: the memfd that just-in-time compiled code is mapped from (CoreCLR's W^X double mapping)
    /// and the devices it reads random bytes from. Nothing kept is a pipe, a socket or a terminal, whose other end would
    /// see its close late.
    /// </summary>
    private static void CloseAllButTheRuntimes()
    {
        foreach (var entry in Directory.GetFiles("/proc/thread-self/fd"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var fd) || fd < 3)
            {
                continue;
            }

            var target = new FileInfo(entry).LinkTarget;
            if (target is null || !(target.StartsWith("/memfd:", StringComparison.Ordinal) || KeptDevices.Contains(target)))
            {
                _ = Native.close(fd);
            }
        }
    }

    /// <summary>On the host thread: its own table, podvisor's descriptors closed in it, this process's pidfd opened there.</summary>
    private static string? TakePrivateTable(int witness)
    {
        if (witness < 0)
        {
            return $"open /dev/null: {Native.LastErrorText()}";
        }

        if (Native.unshare(Native.CloneFiles) != 0)
        {
            return $"unshare(CLONE_FILES): {Native.LastErrorText()}";
        }

        // Closed here only: podvisor's table keeps them (the witness too, which the import below copies from there).
        CloseAllButTheRuntimes();

        int self;
        try
        {
            self = Native.PidfdOpen(Environment.ProcessId);
        }
        catch (IOException ex)
        {
            return ex.Message;
        }

        var copy = Native.PidfdGetfd(self, witness);
        if (copy < 0)
        {
            var error = $"pidfd_getfd: {Native.LastErrorText()}";
            Native.close(self);
            return error;
        }

        Native.close(copy);
        s_self = self;
        return null;
    }
}
