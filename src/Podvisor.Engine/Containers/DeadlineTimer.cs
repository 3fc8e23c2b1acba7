namespace Podvisor.Engine.Containers;

/// <summary>
/// A one-shot timer for an absolute instant. <see cref="TimeProvider.CreateTimer"/> takes a relative delay, so a
/// clock that moves between reading "now" and arming the timer (this thread preempted on a busy machine, or a test
/// moving fake time) would make it fire that much late; arming again until the read and the arm happen within the
/// tolerance keeps the deadline absolute. The one place that knows this, for the worker's wake-up and the grace waits.
/// </summary>
internal static class DeadlineTimer
{
    private static readonly TimeSpan ArmingTolerance = TimeSpan.FromMilliseconds(1);

    /// <summary>Calls <paramref name="callback"/> once, at <paramref name="due"/> (at once if it has passed).</summary>
    public static ITimer Arm(TimeProvider time, DateTimeOffset due, Action callback)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(callback);
        while (true)
        {
            var readAt = time.GetUtcNow();
            var delay = due - readAt;
            var timer = time.CreateTimer(_ => callback(), null, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
            if (time.GetUtcNow() - readAt <= ArmingTolerance)
            {
                return timer;
            }

            timer.Dispose();
        }
    }

    /// <summary>Completes at <paramref name="due"/>; cancelled (and its timer released) by <paramref name="cancellationToken"/>.</summary>
    public static async Task DelayUntilAsync(TimeProvider time, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = Arm(time, due, () => fired.TrySetResult());
        using var registration = cancellationToken.Register(() => fired.TrySetCanceled(cancellationToken));
        await fired.Task.ConfigureAwait(false);
    }
}
