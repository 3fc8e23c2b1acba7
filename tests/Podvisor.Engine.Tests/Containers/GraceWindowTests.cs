using Microsoft.Extensions.Time.Testing;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Tests.Containers;

public sealed class GraceWindowTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Shorten_RejectsALaterDeadline_AcceptsAnEarlierOne_AndZeroAlways()
    {
        var window = new GraceWindow(Epoch, 30);

        Assert.False(window.Shorten(40, Epoch.AddSeconds(1)));
        Assert.Equal(30, window.Seconds);
        Assert.True(window.Shorten(5, Epoch.AddSeconds(1)));
        Assert.Equal(5, window.Seconds);
        Assert.True(window.Shorten(0, Epoch.AddSeconds(2)));
        Assert.True(window.IsForced);
    }

    [Fact]
    public void Cap_KeepsTheFloorAfterAShortening_AndAForcedDeletionEndsEveryWait()
    {
        var window = new GraceWindow(Epoch, 30);
        Assert.Equal(Epoch.AddSeconds(30), window.Cap(Epoch.AddSeconds(30), TimeSpan.FromSeconds(2)));

        window.Shorten(1, Epoch.AddSeconds(10));

        Assert.Equal(new LaterDeletion(Epoch.AddSeconds(10), 1), window.Later);
        Assert.Equal(Epoch.AddSeconds(12), window.Cap(Epoch.AddSeconds(30), TimeSpan.FromSeconds(2)));
        Assert.Equal(Epoch.AddSeconds(11), window.Cap(Epoch.AddSeconds(30), TimeSpan.Zero));

        window.Shorten(0, Epoch.AddSeconds(10.5));

        Assert.Equal(Epoch.AddSeconds(10.5), window.Cap(Epoch.AddSeconds(30), TimeSpan.FromSeconds(2)));
        Assert.Equal(Epoch.AddSeconds(10.5), window.Cap(Epoch.AddSeconds(30), TimeSpan.Zero));
    }

    [Fact]
    public async Task WaitAsync_ReturnsAtTheDeadline_WhenTheWorkIsNotDone()
    {
        var time = new FakeTimeProvider(Epoch);
        var window = new GraceWindow(Epoch, 30);
        var work = new TaskCompletionSource();

        var wait = window.WaitAsync(work.Task, () => Epoch.AddSeconds(30), time);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(work.Task.IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_WakesWhenAShorteningLandsWhileTheDeadlineIsRead()
    {
        // The race behind a hung second Ctrl-C: the deadline is read as 120 s just as a forced deletion
        // arrives. The wait must still notice the shortening rather than sleep the 120 s.
        var time = new FakeTimeProvider(Epoch);
        var window = new GraceWindow(Epoch, 120);
        var work = new TaskCompletionSource();
        var reads = 0;
        DateTimeOffset Deadline()
        {
            if (reads++ == 0)
            {
                var stale = Epoch.AddSeconds(120);
                window.Shorten(0, time.GetUtcNow());
                return stale;
            }

            return window.IsForced ? time.GetUtcNow() : Epoch.AddSeconds(120);
        }

        await window.WaitAsync(work.Task, Deadline, time).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, reads);
        Assert.Equal(Epoch, time.GetUtcNow());
    }
}
