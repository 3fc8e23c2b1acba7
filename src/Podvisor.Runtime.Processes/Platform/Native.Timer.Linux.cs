// Why this file exists
// --------------------
// The grace period's SIGKILL is sent from one thread that sleeps in the kernel until an absolute CLOCK_MONOTONIC
// instant (a timerfd armed with TFD_TIMER_ABSTIME) and, as root, runs under SCHED_FIFO, so neither a busy thread
// pool nor busy neighbours on the same cores delay it (PreciseKillTimer).
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

internal static unsafe partial class Native
{
    // <time.h>, <sys/timerfd.h>, <sched.h>; the same values on x86_64 and arm64 Linux.
    public const int ClockMonotonic = 1;
    public const int TfdCloexec = O_CLOEXEC;
    public const int TfdTimerAbsTime = 1;
    public const int SchedFifo = 1;

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>struct itimerspec: the period (zero: one shot), then the expiry.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimerSpec
    {
        public TimeSpec Interval;
        public TimeSpec Value;
    }

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int clock_gettime(int clock, TimeSpec* time);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int timerfd_create(int clock, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int timerfd_settime(int fd, int flags, TimerSpec* value, TimerSpec* old);

    /// <summary>With pid 0, applies to the calling thread only (Linux schedules threads).</summary>
    [LibraryImport(Libc, SetLastError = true)]
    public static partial int sched_setscheduler(int pid, int policy, int* priority);

    /// <summary>CLOCK_MONOTONIC now, in nanoseconds.</summary>
    public static long MonotonicNanoseconds()
    {
        TimeSpec now;
        clock_gettime(ClockMonotonic, &now);
        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }
}
