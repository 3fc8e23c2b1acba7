namespace Podvisor.Runtime.Cri.Tests.Parsing;

/// <summary>The exit reads' first wait follows the quickest hand-over containerd has made, never a slower one.</summary>
public sealed class ExitHandOverClockTests
{
    [Fact]
    public void Before_any_hand_over_the_first_wait_is_the_configured_one()
    {
        var clock = new ExitHandOverClock();
        Assert.Null(clock.Quickest);
        Assert.Equal(TimeSpan.FromMilliseconds(100), clock.FirstWait(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void The_first_wait_is_three_quarters_of_the_quickest_hand_over_seen()
    {
        var clock = new ExitHandOverClock();
        clock.Note(TimeSpan.FromMilliseconds(200));
        clock.Note(TimeSpan.FromMilliseconds(160));
        clock.Note(TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(160), clock.Quickest);
        Assert.Equal(TimeSpan.FromMilliseconds(120), clock.FirstWait(TimeSpan.FromMilliseconds(5)));
    }

    [Fact]
    public void Hand_overs_noted_from_many_threads_keep_the_quickest()
    {
        var clock = new ExitHandOverClock();
        Parallel.For(1, 2001, i => clock.Note(TimeSpan.FromMilliseconds(i)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), clock.Quickest);
    }
}
