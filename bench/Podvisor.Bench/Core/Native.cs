using System.Runtime.InteropServices;

namespace Podvisor.Bench.Core;

/// <summary>The few Linux calls the harness needs to watch and signal processes it did not start.</summary>
internal static partial class Native
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private const long SysPidfdOpen = 434;
    private const short PollIn = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int pid, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int poll(PollFd* fds, ulong count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sched_setscheduler(int pid, int policy, int* priority);

    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    /// <summary>
    /// Blocks until each pid has exited (zombie or gone) or the timeout passes; returns the wall-clock µs at which
    /// each exit was seen (pidfd poll, so within microseconds of the exit), or null for those still alive. The waiting
    /// thread runs SCHED_FIFO when it may (root), as the C floor's waiter does: on cores kept busy, an ordinary thread's
    /// own wake-up after the death would be counted against whichever tool is measured.
    /// </summary>
    public static unsafe long?[] WaitAllExited(IReadOnlyList<int> pids, TimeSpan timeout)
    {
        // The thread is the harness's own (a long-running task): its policy ends with it.
        var priority = 1;
        _ = sched_setscheduler(0, 1, &priority);

        var result = new long?[pids.Count];
        var fds = new int[pids.Count];
        for (var i = 0; i < pids.Count; i++)
        {
            fds[i] = (int)syscall(SysPidfdOpen, pids[i], 0);
            if (fds[i] < 0)
            {
                result[i] = Clock.NowUs(); // already gone
            }
        }

        var deadline = Clock.NowUs() + (long)(timeout.TotalMilliseconds * 1000);
        try
        {
            while (true)
            {
                var open = Enumerable.Range(0, pids.Count).Where(i => result[i] is null).ToArray();
                var left = (deadline - Clock.NowUs()) / 1000;
                if (open.Length == 0 || left <= 0)
                {
                    return result;
                }

                var polls = open.Select(i => new PollFd { Fd = fds[i], Events = PollIn }).ToArray();
                int ready;
                fixed (PollFd* p = polls)
                {
                    ready = poll(p, (ulong)polls.Length, (int)Math.Min(left, int.MaxValue));
                }

                var now = Clock.NowUs();
                if (ready <= 0)
                {
                    continue;
                }

                for (var k = 0; k < polls.Length; k++)
                {
                    if (polls[k].Revents != 0)
                    {
                        result[open[k]] = now;
                    }
                }
            }
        }
        finally
        {
            foreach (var fd in fds.Where(fd => fd >= 0))
            {
                close(fd);
            }
        }
    }

    public static Task<long?> WhenExited(int pid, TimeSpan timeout) =>
        Task.Factory.StartNew(() => WaitAllExited([pid], timeout)[0], CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static Task<long?[]> WhenAllExited(IReadOnlyList<int> pids, TimeSpan timeout) =>
        Task.Factory.StartNew(() => WaitAllExited(pids, timeout), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
