using Podvisor.Cli.Rollout;

namespace Podvisor.EndToEnd.Tests.Rollout;

public sealed class RolloutVerdictTests
{
    private static readonly DateTimeOffset Restart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 10, 0, 0)]
    [InlineData(null, 10, 1, 4)]
    [InlineData(null, 10, 10, 4)]
    [InlineData(null, 0, 0, 1)] // nothing sent proves nothing
    [InlineData("--rollout-timeout 2s elapsed", 10, 0, 1)]
    [InlineData("deployment \"web\" exceeded its progress deadline", 10, 3, 1)]
    public void ExitCode_ZeroOnlyForACompletedRolloutWithoutAFailure(string? problem, int sent, int failed, int expected)
    {
        var requests = Enumerable.Range(0, sent)
            .Select(i => new RequestRecord(Restart.AddMilliseconds(i * 100), TimeSpan.FromMilliseconds(2), i < failed ? FailureKind.Refused : null))
            .ToList();
        var report = RolloutReport.Build("web", "http://127.96.0.2:8080/", ["web"], problem, requests, Restart, [], []);

        Assert.Equal(expected, RolloutVerdict.ExitCode(report));
        Assert.Equal((sent, sent - failed, failed), (report.Sent, report.Succeeded, report.Failed));
    }

    [Fact]
    public void Report_LatencyCountsSuccessesOnly()
    {
        RequestRecord[] requests =
        [
            new(Restart, TimeSpan.FromMilliseconds(4), null),
            new(Restart, TimeSpan.FromSeconds(2), FailureKind.Timeout),
            new(Restart, TimeSpan.FromMilliseconds(6), null),
        ];

        var report = RolloutReport.Build("web", "a", ["web"], null, requests, Restart, [], []);

        Assert.Equal(TimeSpan.FromMilliseconds(6), report.Latency!.Max);
        Assert.Equal(new Dictionary<FailureKind, int> { [FailureKind.Timeout] = 1 }, report.FailedByKind);
    }
}
