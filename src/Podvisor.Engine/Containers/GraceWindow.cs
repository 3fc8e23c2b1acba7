using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Containers;

/// <summary>
/// A pod's termination grace period as a deadline that a later deletion may only shorten (never extend),
/// as the apiserver allows; waiters re-read their deadline whenever <see cref="Changed"/> fires. The windows of one pod
/// share their <see cref="GraceWindows"/>' lock, so a deletion shortens all of them under one lock, never a nested one.
/// </summary>
internal sealed class GraceWindow
{
    private readonly Lock _gate;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A window with a lock of its own (one that no <see cref="GraceWindows"/> keeps).</summary>
    public GraceWindow(DateTimeOffset start, long seconds)
        : this(start, seconds, new Lock())
    {
    }

    /// <param name="gate">The lock of the pod's <see cref="GraceWindows"/>, which may hold it while calling <see cref="Shorten"/>.</param>
    internal GraceWindow(DateTimeOffset start, long seconds, Lock gate)
    {
        Start = start;
        Seconds = seconds;
        _gate = gate;
    }

    /// <summary>When the grace period began (the first deletion).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The grace period in force, in seconds; 0 means kill now.</summary>
    public long Seconds { get; private set; }

    /// <summary>When the grace period was last shortened, or null.</summary>
    public DateTimeOffset? ShortenedAt { get; private set; }

    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    public bool IsForced => Seconds == 0;

    /// <summary>Applies a later deletion's grace; returns false (and changes nothing) if it would not shorten.</summary>
    public bool Shorten(long seconds, DateTimeOffset now)
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            if (!KillPlanner.Shortens(ShortenedAt ?? Start, Seconds, now, seconds))
            {
                return false;
            }

            Seconds = seconds;
            ShortenedAt = now;
            fired = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Its waiters run later, on the thread pool (RunContinuationsAsynchronously), never inside the lock.
        fired.TrySetResult();
        return true;
    }

    /// <summary>The later, shorter deletion that shortened this window, or null.</summary>
    public LaterDeletion? Later
    {
        get
        {
            lock (_gate)
            {
                return ShortenedAt is { } at ? new LaterDeletion(at, Seconds) : null;
            }
        }
    }

    /// <summary>Caps a container's own deadline by a later, shorter deletion (<see cref="KillPlanner.Deadline"/>).</summary>
    public DateTimeOffset Cap(DateTimeOffset deadline, TimeSpan floor) => KillPlanner.Deadline(deadline, Later, floor);

    /// <summary>
    /// Waits for <paramref name="work"/> or <paramref name="deadline"/>, whichever comes first, re-reading the
    /// deadline each time the grace period is shortened.
    /// </summary>
    public async Task WaitAsync(Task work, Func<DateTimeOffset> deadline, TimeProvider time)
    {
        while (!work.IsCompleted)
        {
            // Taken before the deadline is read, so a shortening in between still wakes this wait.
            var changed = Changed;
            var due = deadline();
            if (due <= time.GetUtcNow())
            {
                return;
            }

            using var cancel = new CancellationTokenSource();
            var delay = DeadlineTimer.DelayUntilAsync(time, due, cancel.Token);
            await Task.WhenAny(work, delay, changed).ConfigureAwait(false);
            await cancel.CancelAsync().ConfigureAwait(false);
        }
    }
}
