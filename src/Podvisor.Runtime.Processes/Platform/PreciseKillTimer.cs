using System.Runtime.InteropServices;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// Sends the grace period's SIGKILL at its deadline from one long-lived thread that sleeps in the kernel until the
/// earliest armed instant (a timerfd armed with an absolute CLOCK_MONOTONIC expiry) and, when podvisor may, runs
/// under SCHED_FIFO: a thread-pool timer's continuation waits behind whatever else the pool and the cores are
/// doing, this thread is woken by the kernel and runs before any ordinary thread. The thread and the timerfd are
/// made on the first kill armed (a run that never needs one never pays for them) and live as long as the process.
/// </summary>
internal sealed unsafe class PreciseKillTimer : IKillDeadlines
{
    // Far enough for any grace period (terminationGracePeriodSeconds is an int64), small enough to stay in range.
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(36_500);
    private static readonly Lazy<PreciseKillTimer> LazyShared = new(() => new PreciseKillTimer());

    private readonly object _gate = new();
    private readonly PriorityQueue<ArmedKill, long> _queue = new();
    private int _timer = -1;
    private long _expiry = long.MaxValue;

    private PreciseKillTimer()
    {
    }

    /// <summary>The process's one timer thread.</summary>
    public static PreciseKillTimer Shared => LazyShared.Value;

    /// <summary>Whether the thread got SCHED_FIFO (root, or CAP_SYS_NICE); null until the first kill is armed.</summary>
    public bool? Realtime { get; private set; }

    public IArmedKill Arm(IRunningContainer container, DateTimeOffset deadline)
    {
        // Relative to the real wall clock now (the engine arms only on the real clock), absolute on the monotonic clock after.
        var remaining = deadline - TimeProvider.System.GetUtcNow();
        remaining = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining > Horizon ? Horizon : remaining;
        var at = Native.MonotonicNanoseconds() + (remaining.Ticks * 100);
        var armed = new ArmedKill(container);
        lock (_gate)
        {
            EnsureStarted();
            _queue.Enqueue(armed, at);
            if (at < _expiry)
            {
                SetExpiry(at);
            }
        }

        return armed;
    }

    private void EnsureStarted()
    {
        if (_timer >= 0)
        {
            return;
        }

        // Blocking reads: the thread does nothing but wait for the next expiry.
        _timer = Native.timerfd_create(Native.ClockMonotonic, Native.TfdCloexec);
        if (_timer < 0)
        {
            throw new IOException($"timerfd_create failed: {Native.LastErrorText()}");
        }

        var thread = new Thread(Run) { IsBackground = true, Name = "podvisor-kill-timer", Priority = ThreadPriority.Highest };
        using var started = new ManualResetEventSlim();
        thread.Start(started);
        started.Wait();
    }

    private void Run(object? started)
    {
        var priority = 1;
        Realtime = Native.sched_setscheduler(0, Native.SchedFifo, &priority) == 0;
        ((ManualResetEventSlim)started!).Set();

        ulong expirations;
        while (true)
        {
            // Returns once the timer has expired; a timer re-armed meanwhile (an earlier kill) simply expires sooner.
            if (Native.read(_timer, (byte*)&expirations, sizeof(ulong)) < 0 && Marshal.GetLastPInvokeError() != Native.EINTR)
            {
                throw new IOException($"reading the kill timer failed: {Native.LastErrorText()}");
            }

            var now = Native.MonotonicNanoseconds();
            lock (_gate)
            {
                _expiry = long.MaxValue;
                while (_queue.TryPeek(out var armed, out var at))
                {
                    if (at > now && !armed.IsDisarmed)
                    {
                        SetExpiry(at);
                        break;
                    }

                    _queue.Dequeue();
                    if (at <= now)
                    {
                        armed.Fire();
                    }
                }
            }
        }
    }

    private void SetExpiry(long at)
    {
        var spec = new Native.TimerSpec { Value = new Native.TimeSpec { Seconds = at / 1_000_000_000L, Nanoseconds = at % 1_000_000_000L } };
        if (Native.timerfd_settime(_timer, Native.TfdTimerAbsTime, &spec, null) != 0)
        {
            throw new IOException($"timerfd_settime failed: {Native.LastErrorText()}");
        }

        _expiry = at;
    }

    private sealed class ArmedKill(IRunningContainer container) : IArmedKill
    {
        private readonly object _gate = new();
        private readonly TaskCompletionSource<DateTimeOffset> _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IRunningContainer? _container = container;

        public Task<DateTimeOffset> Sent => _sent.Task;

        public bool IsDisarmed
        {
            get
            {
                lock (_gate)
                {
                    return _container is null;
                }
            }
        }

        /// <summary>
        /// On the timer thread: kills unless disarmed first or the container has exited; the instant is taken right
        /// after the signal. When nothing is sent, <see cref="Sent"/> never completes.
        /// </summary>
        public void Fire()
        {
            lock (_gate)
            {
                if (_container is not { } container)
                {
                    return;
                }

                _container = null;
                try
                {
                    // Kill only what still runs: an exit already reaped, or one the event loop has not handled yet
                    // (many containers stopping at once), is not killed and not reported; the engine then sees the exit.
                    if (container.Exited.IsCompleted)
                    {
                        return;
                    }

                    if (container is IKillIfRunning conditional)
                    {
                        if (!conditional.KillIfRunning())
                        {
                            return;
                        }
                    }
                    else
                    {
                        container.Signal(Signals.SigKill);
                    }

                    _sent.TrySetResult(TimeProvider.System.GetUtcNow());
                }
                catch (Exception error)
                {
                    // Never ends the timer thread (nor the process): the engine sees a failed kill and sends its own.
                    _sent.TrySetException(error);
                }
            }
        }

        /// <summary>After this, the kill has been sent or never will be; the container is no longer held.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _container = null;
            }
        }
    }
}
