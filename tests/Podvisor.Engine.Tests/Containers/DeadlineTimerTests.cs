using Microsoft.Extensions.Time.Testing;
using Podvisor.Engine.Containers;

namespace Podvisor.Engine.Tests.Containers;

public sealed class DeadlineTimerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Arm_FiresAtTheInstant_NotBefore()
    {
        var time = new FakeTimeProvider(T0);
        var fired = 0;
        using var timer = DeadlineTimer.Arm(time, T0.AddSeconds(2), () => fired++);

        time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.Equal(0, fired);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Arm_APassedInstant_FiresAtOnce()
    {
        var time = new FakeTimeProvider(T0);
        var fired = 0;
        using var timer = DeadlineTimer.Arm(time, T0.AddSeconds(-1), () => fired++);

        time.Advance(TimeSpan.Zero);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Arm_ClockMovingWhileArming_StillFiresAtTheInstant()
    {
        // The first arming is delayed by 5 ms after "now" was read (a preempted thread): a relative timer armed then
        // would fire 5 ms late.
        var time = new SlowArmingClock(T0, TimeSpan.FromMilliseconds(5));
        var fired = 0;
        using var timer = DeadlineTimer.Arm(time, T0.AddSeconds(1), () => fired++);

        time.Advance(T0.AddSeconds(1) - time.GetUtcNow() - TimeSpan.FromTicks(1));
        Assert.Equal(0, fired);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public async Task DelayUntil_CompletesAtTheInstant_OrEndsCancelled()
    {
        var time = new FakeTimeProvider(T0);
        var delay = DeadlineTimer.DelayUntilAsync(time, T0.AddSeconds(1), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = DeadlineTimer.DelayUntilAsync(time, T0.AddSeconds(1), cancel.Token);

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(delay.IsCompleted);
        await cancel.CancelAsync();
        time.Advance(TimeSpan.FromMilliseconds(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    /// <summary>Moves its own clock by <c>lag</c> during the first timer it arms, as a preempted arming thread would see it.</summary>
    private sealed class SlowArmingClock(DateTimeOffset start, TimeSpan lag) : FakeTimeProvider(start)
    {
        private bool _lagged;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (!_lagged)
            {
                _lagged = true;
                Advance(lag);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
