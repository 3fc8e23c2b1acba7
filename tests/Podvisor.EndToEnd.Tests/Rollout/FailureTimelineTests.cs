using Podvisor.Cli.Rollout;

namespace Podvisor.EndToEnd.Tests.Rollout;

public sealed class FailureTimelineTests
{
    private static readonly DateTimeOffset Restart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static RequestRecord At(double seconds, FailureKind? failure) =>
        new(Restart.AddSeconds(seconds), TimeSpan.FromMilliseconds(3), failure);

    [Fact]
    public void Of_GroupsFailuresByTheLastSigtermBeforeThem()
    {
        PodSignal[] signals = [new("web-b", Restart.AddSeconds(4)), new("web-a", Restart.AddSeconds(1))];
        RequestRecord[] requests =
        [
            At(-0.5, FailureKind.Timeout),
            At(0.5, null),
            At(1.2, FailureKind.Refused),
            At(1.4, FailureKind.Reset),
            At(1.9, FailureKind.Refused),
            At(3.0, null),
            At(4.25, FailureKind.ServerError),
        ];

        var windows = FailureTimeline.Of(requests, Restart, signals);

        Assert.Equal(3, windows.Count);
        Assert.Equal((null, 1, -0.5), (windows[0].AfterSignalOf, windows[0].Count, windows[0].FirstSinceRestart.TotalSeconds));
        Assert.Null(windows[0].FirstSinceSignal);

        var a = windows[1];
        Assert.Equal(("web-a", 3), (a.AfterSignalOf, a.Count));
        Assert.Equal(new Dictionary<FailureKind, int> { [FailureKind.Refused] = 2, [FailureKind.Reset] = 1 }, a.Kinds);
        Assert.Equal(1.2, a.FirstSinceRestart.TotalSeconds, 6);
        Assert.Equal(1.9, a.LastSinceRestart.TotalSeconds, 6);
        Assert.Equal(0.2, a.FirstSinceSignal!.Value.TotalSeconds, 6);
        Assert.Equal(0.9, a.LastSinceSignal!.Value.TotalSeconds, 6);

        Assert.Equal(("web-b", 1, 0.25), (windows[2].AfterSignalOf, windows[2].Count, windows[2].FirstSinceSignal!.Value.TotalSeconds));
    }

    [Fact]
    public void Of_NoFailure_NoWindow() =>
        Assert.Empty(FailureTimeline.Of([At(1, null), At(2, null)], Restart, [new("web-a", Restart)]));

    [Fact]
    public void Of_ARequestSentAtTheSigtermInstant_CountsAfterIt()
    {
        var windows = FailureTimeline.Of([At(2, FailureKind.Refused)], Restart, [new("web-a", Restart.AddSeconds(2))]);

        Assert.Equal("web-a", Assert.Single(windows).AfterSignalOf);
        Assert.Equal(TimeSpan.Zero, windows[0].FirstSinceSignal);
    }
}
