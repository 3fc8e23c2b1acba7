using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// Sends the grace period's SIGKILL at its deadline from one long-lived thread that sleeps in the kernel until the
/// earliest armed instant (a timerfd armed with an absolute CLOCK_MONOTONIC expiry) and, when podvisor may, runs
/// under SCHED_FIFO: a thread-pool timer's continuation waits behind whatever else the pool and the cores are
/// doing, this thread is woken by the kernel and runs before any ordinary thread. The thread and the timerfd are
/// made on the first kill armed (a run that never needs one never pays for them) and live as long as the process.
/// The same thread sends a process-runtime container's stop signal when the engine asks (<see cref="SignalAsync"/>),
/// and reads the clock right after it: that instant starts the grace period, so no preemption of an ordinary thread
/// between the signal and the clock can put the deadline late.
/// </summary>
/// <remarks>
/// Between its wake-up and the kill the thread waits for no other thread and runs no code for the first time
/// (bench/README.md, goal 2: measured, the first kill of a process spent ≈2 ms compiling this path after its
/// deadline). Arming hands the kill over through a lock-free queue and wakes the thread by expiring the timerfd at
/// once, so an ordinary thread preempted while arming never holds anything the realtime thread needs; the thread
/// alone owns the ordered deadlines and the timerfd's expiry. Before it accepts the first kill it runs its whole path
/// once on a stand-in (<see cref="KillTimerWarmUp"/>), and it runs each kill's own check with the null signal when it
/// takes the kill in (<see cref="IKillIfRunning"/>), so the deadline runs code that is compiled, bound and already
/// run on this thread.
/// </remarks>
internal sealed unsafe class PreciseKillTimer : IKillDeadlines
{
    // Far enough for any grace period (terminationGracePeriodSeconds is an int64), small enough to stay in range.
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(36_500);
    private static readonly Lazy<PreciseKillTimer> LazyShared = new(() => new PreciseKillTimer());

    private readonly Lock _start = new();
    private readonly ConcurrentQueue<ArmedKill> _incoming = new();
    private readonly ConcurrentQueue<PendingSignal> _signals = new();

    // Owned by the timer thread alone.
    private readonly PriorityQueue<ArmedKill, long> _due = new();
    private volatile int _timer = -1;

    private PreciseKillTimer()
    {
    }

    /// <summary>The process's one timer thread.</summary>
    public static PreciseKillTimer Shared => LazyShared.Value;

    /// <summary>Whether the thread got SCHED_FIFO (root, or CAP_SYS_NICE); null until the first kill is armed.</summary>
    public bool? Realtime { get; private set; }

    /// <summary>Whether the thread has run its kill path once on a stand-in, before accepting any kill.</summary>
    public bool WarmedUp { get; private set; }

    public IArmedKill Arm(IRunningContainer container, DateTimeOffset deadline)
    {
        // Relative to the real wall clock now (the engine arms only on the real clock), absolute on the monotonic clock after.
        // The wall clock is read first: the monotonic instant read after it can only make the deadline later, never earlier.
        var remaining = deadline - TimeProvider.System.GetUtcNow();
        var armedAt = Native.MonotonicNanoseconds();
        remaining = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining > Horizon ? Horizon : remaining;
        var armed = new ArmedKill(container, armedAt + (remaining.Ticks * 100), deadline, armedAt);
        EnsureStarted();
        _incoming.Enqueue(armed);
        Wake();
        return armed;
    }

    /// <summary>
    /// The stop signal from this thread (<see cref="IKillDeadlines.SignalAsync"/>) for a container whose signal is a
    /// system call (<see cref="ISignalsBySystemCall"/>); any other is signalled by the caller, as by default.
    /// </summary>
    public Task<DateTimeOffset> SignalAsync(IRunningContainer container, int signal)
    {
        if (container is not ISignalsBySystemCall)
        {
            return IKillDeadlines.SignalFromCaller(container, signal);
        }

        var pending = new PendingSignal(container, signal);
        EnsureStarted();
        _signals.Enqueue(pending);
        Wake();
        return pending.Sent;
    }

    private void EnsureStarted()
    {
        if (_timer >= 0)
        {
            return;
        }

        lock (_start)
        {
            if (_timer >= 0)
            {
                return;
            }

            // Blocking reads: the thread does nothing but wait for the next expiry.
            var timer = Native.timerfd_create(Native.ClockMonotonic, Native.TfdCloexec);
            if (timer < 0)
            {
                throw new IOException($"timerfd_create failed: {Native.LastErrorText()}");
            }

            var thread = new Thread(Run) { IsBackground = true, Name = "podvisor-kill-timer", Priority = ThreadPriority.Highest };
            using var started = new ManualResetEventSlim();
            thread.Start((timer, started));
            started.Wait();
            _timer = timer;
        }
    }

    private void Run(object? state)
    {
        var (timer, started) = ((int, ManualResetEventSlim))state!;
        var priority = 1;
        Realtime = Native.sched_setscheduler(0, Native.SchedFifo, &priority) == 0;

        // The whole path below, once, on a stand-in whose kill sends nothing: compiled and bound before any deadline.
        _incoming.Enqueue(KillTimerWarmUp.Armed());
        Sweep(timer);
        WarmedUp = true;
        started.Set();

        ulong expirations;
        while (true)
        {
            // Returns once the timer has expired: a deadline came, or an arm woke it to take a new kill.
            if (Native.read(timer, (byte*)&expirations, sizeof(ulong)) < 0 && Marshal.GetLastPInvokeError() != Native.EINTR)
            {
                throw new IOException($"reading the kill timer failed: {Native.LastErrorText()}");
            }

            Sweep(timer);
        }
    }

    /// <summary>Fires what is due, takes the kills armed meanwhile, and sets the timer for the earliest left.</summary>
    private void Sweep(int timer)
    {
        while (true)
        {
            // Stop signals first: each caller waits for the instant its signal left, the start of its grace period.
            while (_signals.TryDequeue(out var pending))
            {
                pending.Send();
            }

            // One path for every kill, the stand-in's included: through the ordered deadlines. At a deadline the
            // queue of new kills is usually empty, and looking at it costs nanoseconds.
            var now = Native.MonotonicNanoseconds();
            while (_incoming.TryDequeue(out var armed))
            {
                // On this thread, not the arming one: its first lock of the container, its first poll and kill run
                // now, not at the deadline (measured: a check run warm on another thread still left ≈1 ms here).
                armed.Prepare();
                _due.Enqueue(armed, armed.At);
            }

            FireDue(now);

            // Set before looking at the queue again: an arm that this look misses enqueued after it, so its wake-up
            // comes after this setting and is not lost.
            SetExpiry(timer, _due.TryPeek(out _, out var next) ? next : 0);
            if (_incoming.IsEmpty && _signals.IsEmpty)
            {
                return;
            }
        }
    }

    private void FireDue(long now)
    {
        while (_due.TryPeek(out var armed, out var at) && (at <= now || armed.IsDone))
        {
            _due.Dequeue();
            armed.Fire(now);
        }
    }

    /// <summary>Expires the timer at once, so the thread takes what was just armed.</summary>
    private void Wake()
    {
        // An absolute expiry of 1 ns on CLOCK_MONOTONIC is long past; zero would disarm the timer instead.
        var spec = new Native.TimerSpec { Value = new Native.TimeSpec { Nanoseconds = 1 } };
        if (Native.timerfd_settime(_timer, Native.TfdTimerAbsTime, &spec, null) != 0)
        {
            throw new IOException($"timerfd_settime failed: {Native.LastErrorText()}");
        }
    }

    /// <summary>Sets the timer's expiry to <paramref name="at"/> (monotonic ns), or disarms it for 0.</summary>
    private static void SetExpiry(int timer, long at)
    {
        var spec = new Native.TimerSpec { Value = new Native.TimeSpec { Seconds = at / 1_000_000_000L, Nanoseconds = at % 1_000_000_000L } };
        if (Native.timerfd_settime(timer, Native.TfdTimerAbsTime, &spec, null) != 0)
        {
            throw new IOException($"timerfd_settime failed: {Native.LastErrorText()}");
        }
    }
}
