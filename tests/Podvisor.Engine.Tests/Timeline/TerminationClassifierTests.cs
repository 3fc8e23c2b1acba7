using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Engine.Timeline.Termination;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Timeline;

public sealed class TerminationClassifierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Each row: a run written as "seconds step detail" lines, then the expected cause, SIGKILL or not, the grace
    /// window, the preStop time and the stop's duration (-1: absent).
    /// </summary>
    public static TheoryData<string, string, string, bool, double, double, double> Runs => new()
    {
        {
            "exits by itself with code 3",
            "0 ContainerSpawned|0 ContainerRunning|2 ContainerExited exit code 3",
            nameof(TerminationCause.Exited), false, -1, -1, -1
        },
        {
            "SIGTERM answered in 0.5 s, no preStop",
            "0 ContainerSpawned|0 ContainerRunning|4 StopSignalSent SIGTERM, SIGKILL in 5s|4.5 ContainerExited exit code 0",
            nameof(TerminationCause.StopSignal), false, 5, -1, 0.5
        },
        {
            "preStop 1 s then SIGTERM, answered",
            "0 ContainerSpawned|0 ContainerRunning|4 PreStopStarted SleepHookHandler|5 PreStopSucceeded|5 StopSignalSent SIGTERM, SIGKILL in 4s|5.5 ContainerExited exit code 0",
            nameof(TerminationCause.StopSignal), false, 5, 1, 0.5
        },
        {
            "SIGTERM ignored: SIGKILL at the deadline",
            "0 ContainerSpawned|0 ContainerRunning|1 StopSignalSent SIGTERM, SIGKILL in 2s|3 KillSent grace period exceeded|3.01 ContainerExited exit code 137 (SIGKILL)",
            nameof(TerminationCause.GracePeriodExceeded), true, 2, -1, 2.01
        },
        {
            "preStop timed out, then SIGKILL after the 2 s minimum",
            "0 ContainerSpawned|0 ContainerRunning|1 PreStopStarted ExecHookHandler|6 PreStopTimedOut grace period exhausted|6 StopSignalSent SIGTERM, SIGKILL in 2s|8 KillSent grace period exceeded|8 ContainerExited exit code 137 (SIGKILL)",
            nameof(TerminationCause.GracePeriodExceeded), true, 7, 5, 2
        },
        {
            "forced: SIGKILL at once",
            "0 ContainerSpawned|0 ContainerRunning|1 KillSent forced|1 ContainerExited exit code 137 (SIGKILL)",
            nameof(TerminationCause.Forced), true, 0, -1, 0
        },
        {
            "liveness failure, SIGTERM answered",
            "0 ContainerSpawned|0 ContainerRunning|9 LivenessProbeFailed|9 StopSignalSent SIGTERM, SIGKILL in 30s|9.2 ContainerExited exit code 143 (SIGTERM)",
            nameof(TerminationCause.LivenessProbe), false, 30, -1, 0.2
        },
        {
            "startup failure, SIGKILLed",
            "0 ContainerSpawned|3 StartupProbeFailed|3 StopSignalSent SIGTERM, SIGKILL in 2s|5 KillSent grace period exceeded|5 ContainerExited exit code 137 (SIGKILL)",
            nameof(TerminationCause.StartupProbe), true, 2, -1, 2
        },
        {
            "postStart failure",
            "0 ContainerSpawned|0 PostStartStarted ExecHookHandler|1 PostStartFailed Exec lifecycle hook ([false]) for Container \"app\" failed|1 StopSignalSent SIGTERM, SIGKILL in 30s|1.1 ContainerExited exit code 0",
            nameof(TerminationCause.PostStartHook), false, 30, -1, 0.1
        },
        {
            "OOMKilled by the runtime",
            "0 ContainerSpawned|0 ContainerRunning|2 ContainerExited exit code 137 (SIGKILL), reason OOMKilled",
            nameof(TerminationCause.OomKilled), false, -1, -1, -1
        },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Classify_ExplainsTheRun(string scenario, string run, string cause, bool killed, double grace, double preStop, double stopTook)
    {
        var termination = TerminationClassifier.Classify(Parse(run));

        Assert.NotNull(termination);
        Assert.True(Enum.Parse<TerminationCause>(cause) == termination.Cause, $"{scenario}: {termination}");
        Assert.Equal(killed, termination.Killed);
        Assert.Equal(Optional(grace), termination.Grace);
        Assert.Equal(Optional(preStop), termination.PreStop);
        Assert.Equal(Optional(stopTook), termination.StopTook);
    }

    [Fact]
    public void Classify_ReadsExitCodeSignalAndPreStopOutcome()
    {
        var termination = TerminationClassifier.Classify(Parse(
            "0 ContainerSpawned|1 PreStopStarted HttpGetHookHandler|1.2 PreStopFailed connection refused|1.2 StopSignalSent SIGTERM, SIGKILL in 29s|1.3 ContainerExited exit code 143 (SIGTERM)"));

        Assert.NotNull(termination);
        Assert.Equal(143, termination.ExitCode);
        Assert.Equal("SIGTERM", termination.ExitSignal);
        Assert.Equal("SIGTERM", termination.StopSignal);
        Assert.Equal("Failed", termination.PreStopOutcome);
    }

    [Fact]
    public void Classify_StatusReasonOomKilled_WinsOverTheStop()
    {
        var termination = TerminationClassifier.Classify(
            Parse("0 ContainerSpawned|1 StopSignalSent SIGTERM, SIGKILL in 30s|1.5 ContainerExited exit code 137 (SIGKILL)"), "OOMKilled");

        Assert.Equal(TerminationCause.OomKilled, termination?.Cause);
    }

    [Fact]
    public void Classify_RunThatHasNotExited_IsNull() =>
        Assert.Null(TerminationClassifier.Classify(Parse("0 ContainerSpawned|0 ContainerRunning")));

    [Fact]
    public void ContainerRuns_SplitsAtEachSpawn_AndKeepsOtherContainersOut()
    {
        var timeline = Parse("0 ContainerSpawned|1 ContainerExited exit code 1|1 BackOff 10s|11 ContainerSpawned|12 ContainerExited exit code 0");
        List<TimelineEntry> mixed = [.. timeline, new TimelineEntry(T0, "default", "web", "other", TimelineStep.ContainerSpawned, string.Empty)];

        var runs = ContainerRuns.Of(mixed, "app");

        Assert.Equal([3, 2], runs.Select(run => run.Count));
        Assert.Equal(TerminationCause.Exited, TerminationClassifier.Classify(runs[0])?.Cause);
        Assert.Equal(1, TerminationClassifier.Classify(runs[0])?.ExitCode);
    }

    [Theory]
    [InlineData("0 ContainerSpawned|2 ContainerExited exit code 3", "exited by itself (exit code 3)")]
    [InlineData("0 ContainerSpawned|4 PreStopStarted SleepHookHandler|5 PreStopSucceeded|5 StopSignalSent SIGTERM, SIGKILL in 4s|5.5 ContainerExited exit code 0",
        "stopped by SIGTERM in 0.5s of a 5s grace period, preStop succeeded in 1s (exit code 0)")]
    [InlineData("0 ContainerSpawned|1 StopSignalSent SIGTERM, SIGKILL in 2s|3 KillSent grace period exceeded|3 ContainerExited exit code 137 (SIGKILL)",
        "SIGKILLed after the 2s grace period ran out (exit code 137)")]
    [InlineData("0 ContainerSpawned|9 LivenessProbeFailed|9 StopSignalSent SIGTERM, SIGKILL in 30s|9.2 ContainerExited exit code 143 (SIGTERM)",
        "liveness probe failed; stopped by SIGTERM in 0.2s of a 30s grace period (exit code 143)")]
    public void Describe_SaysWhy(string run, string expected) =>
        Assert.Equal(expected, TerminationText.Describe(TerminationClassifier.Classify(Parse(run))!));

    public static TheoryData<string, string> Payloads => new()
    {
        { "StopSignalSent SIGINT 2.5", "SIGINT, SIGKILL in 2.5s" },
        { "ContainerExited 137 SIGKILL OOMKilled", "exit code 137 (SIGKILL), reason OOMKilled" },
        { "ContainerExited 0 - -", "exit code 0" },
        { "KillSent forced", "forced" },
        { "KillSent deadline", "grace period exceeded" },
    };

    /// <summary>The live view prints a payload's facts in the kubelet-flow words the rows above are written in.</summary>
    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_DescribesItself(string payload, string printed)
    {
        var parts = payload.Split(' ');
        TimelinePayload typed = parts[0] switch
        {
            "StopSignalSent" => new StopSignalSentPayload(parts[1], TimeSpan.FromSeconds(double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture))),
            "ContainerExited" => new ContainerExitedPayload(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Dash(parts[2]), Dash(parts[3])),
            _ => new KillSentPayload(parts[1] == "forced"),
        };

        Assert.Equal(printed, typed.Describe());
    }

    [Fact]
    public void Classify_ReadsThePayloads_NotTheText()
    {
        // The printed detail says one thing, the payload another: the classifier goes by the payload.
        var at = T0;
        List<TimelineEntry> run =
        [
            new(at, "default", "web", "app", TimelineStep.ContainerSpawned, string.Empty),
            new(at.AddSeconds(1), "default", "web", "app", TimelineStep.KillSent, "grace period exceeded") { Payload = new KillSentPayload(Forced: true) },
            new(at.AddSeconds(1), "default", "web", "app", TimelineStep.ContainerExited, "exit code 0") { Payload = new ContainerExitedPayload(137, "SIGKILL", null) },
        ];

        var termination = TerminationClassifier.Classify(run);

        Assert.Equal((TerminationCause.Forced, 137), (termination?.Cause, termination?.ExitCode));
    }

    private static string? Dash(string value) => value == "-" ? null : value;

    private static TimeSpan? Optional(double seconds) => seconds < 0 ? null : TimeSpan.FromSeconds(seconds);

    /// <summary>"1.5 StopSignalSent SIGTERM, SIGKILL in 5s|..." into entries of container <c>app</c>, with their typed payloads.</summary>
    private static List<TimelineEntry> Parse(string run) =>
    [
        .. run.Split('|').Select(line =>
        {
            var parts = line.Split(' ', 3);
            var at = T0 + TimeSpan.FromSeconds(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
            return TimelineRows.Entry(at, "app", Enum.Parse<TimelineStep>(parts[1]), parts.Length > 2 ? parts[2] : string.Empty);
        }),
    ];
}
