using Podvisor.Cli.Run;
using Podvisor.Engine.Timeline;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class TerminationAuditTests
{
    [Theory]
    [InlineData(nameof(TimelineStep.KillSent), false)]
    [InlineData(nameof(TimelineStep.PreStopFailed), false)]
    [InlineData(nameof(TimelineStep.PreStopTimedOut), false)]
    [InlineData(nameof(TimelineStep.StopSignalSent), true)]
    [InlineData(nameof(TimelineStep.PreStopSucceeded), true)]
    [InlineData(nameof(TimelineStep.ContainerExited), true)]
    public void AfterStop_UncleanSteps(string step, bool clean)
    {
        var audit = new TerminationAudit();
        audit.BeginStop();

        audit.OnTimeline(Entry(Enum.Parse<TimelineStep>(step)));

        Assert.Equal(clean, audit.TerminationWasClean);
    }

    [Fact]
    public void BeforeStop_KillByLivenessProbe_DoesNotCount()
    {
        var audit = new TerminationAudit();

        audit.OnTimeline(Entry(TimelineStep.KillSent));
        audit.BeginStop();

        Assert.True(audit.TerminationWasClean);
    }

    private static TimelineEntry Entry(TimelineStep step) =>
        new(DateTimeOffset.UnixEpoch, "default", "web", "app", step, string.Empty);
}
