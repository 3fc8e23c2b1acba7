using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Cli.Report;
using Podvisor.Cli.Run;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests.Report;

/// <summary>
/// A hook's recorded result where hook spans appear: the timeline page's tooltip and attributes, <c>-o json</c>'s
/// <c>podvisor.containers[].hooks</c>, and the live view's hook lines. Pure, from a hand-written timeline.
/// </summary>
public sealed class HookReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly V1Pod Pod = new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] },
        Status = new V1PodStatus
        {
            Phase = "Succeeded",
            ContainerStatuses =
            [
                new V1ContainerStatus { Name = "app", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } } },
            ],
        },
    };

    private const string PreStopMessage = "HTTP lifecycle hook (/drain) for Container \"app\" in Pod \"web_default(uid)\" failed - error: Get \"http://127.0.0.1:8080/drain\": dial tcp 127.0.0.1:8080: connect: connection refused";

    // postStart exec that printed markup-looking text; preStop httpGet refused.
    private static readonly List<TimelineEntry> Timeline =
    [
        Entry(0, TimelineStep.ContainerSpawned, "pid 10, attempt 0"),
        Entry(0, TimelineStep.PostStartStarted, "ExecHookHandler"),
        Entry(1.25, TimelineStep.PostStartSucceeded, string.Empty) with
        {
            Hook = new HookOutcome(new ExecHookOutput(0, "wrote <config> & ready\n", false), TimeSpan.FromSeconds(1.25)),
        },
        Entry(1.25, TimelineStep.ContainerRunning, string.Empty),
        Entry(4, TimelineStep.PreStopStarted, "HttpGetHookHandler"),
        Entry(4.01, TimelineStep.PreStopFailed, PreStopMessage) with
        {
            Hook = new HookOutcome(new HttpGetHookOutput(null, string.Empty, false), TimeSpan.FromSeconds(0.01)),
        },
        Entry(4.01, TimelineStep.StopSignalSent, "SIGTERM, SIGKILL in 26s"),
        Entry(4.5, TimelineStep.ContainerExited, "exit code 0"),
    ];

    [Fact]
    public void Lane_HookSpans_TooltipHasHandlerOutcomeResultDurationAndOutput()
    {
        var lane = Report().Pods.Single().Lanes.Single(lane => lane.Name == "app");

        var postStart = lane.Spans.Single(span => span.Kind == SpanKind.PostStart);
        Assert.Equal("postStart ExecHookHandler: Succeeded in 1.25s\nexit code 0\noutput:\nwrote <config> & ready", postStart.Detail);
        var preStop = lane.Spans.Single(span => span.Kind == SpanKind.PreStop);
        Assert.Equal($"preStop HttpGetHookHandler: Failed in 0.01s\nno response\n{PreStopMessage}", preStop.Detail);
    }

    [Fact]
    public void Html_HookSpan_ExitCodeAttribute_AndEscapedTooltip()
    {
        var html = TimelineReportHtml.Render(Report());

        Assert.Contains("data-span=\"postStart\" data-outcome=\"Succeeded\" data-handler=\"exec\" data-exit-code=\"0\"", html, StringComparison.Ordinal);
        Assert.Contains("data-span=\"preStop\" data-outcome=\"Failed\" data-handler=\"httpGet\"", html, StringComparison.Ordinal);
        Assert.Contains("wrote &lt;config&gt; &amp; ready", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<config>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ContainersHooks_TypedFieldsPerHandler()
    {
        var terminations = PodTerminations.Of(Pod, Timeline);
        var json = TerminationJson.ForPod(terminations);

        var app = Assert.Single(json["containers"]!.AsArray())!.AsObject();
        Assert.Equal("StopSignal", app["termination"]!["cause"]!.GetValue<string>());
        var hooks = app["hooks"]!.AsArray();
        Assert.Equal(2, hooks.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"hook": "postStart", "handler": "exec", "outcome": "Succeeded", "durationSeconds": 1.25,
             "exitCode": 0, "output": "wrote <config> & ready\n", "outputTruncated": false}
            """), hooks[0]), hooks[0]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"hook": "preStop", "handler": "httpGet", "outcome": "Failed", "durationSeconds": 0.01,
             "statusCode": null, "body": "", "bodyTruncated": false, "message": {{System.Text.Json.JsonSerializer.Serialize(PreStopMessage)}}}
            """), hooks[1]), hooks[1]!.ToJsonString());
    }

    [Fact]
    public void Json_SleepHookGivenUp_TimedOut_NoResult()
    {
        List<TimelineEntry> timeline =
        [
            Entry(0, TimelineStep.ContainerSpawned, "pid 10, attempt 0"),
            Entry(1, TimelineStep.PreStopStarted, "SleepHookHandler"),
            Entry(3, TimelineStep.PreStopTimedOut, "grace period exhausted"),
        ];

        var run = Assert.Single(HookRuns.Of(timeline));

        Assert.Equal(new HookRun("preStop", "sleep", "TimedOut", T0.AddSeconds(1), TimeSpan.FromSeconds(2), null, string.Empty), run);
    }

    [Fact]
    public void LiveLine_HookSucceeded_ResultAndDuration_FailedKeepsTheMessageFirst()
    {
        var time = new FakeTimeProvider(T0);
        var format = new LiveLineFormatter(time, [Pod]);

        Assert.Equal(" +1.250s web/app > PostStartSucceeded exit code 0 in 1.25s", format.Timeline(Timeline[2]).ToPlainText());
        Assert.Equal($" +4.010s web/app > PreStopFailed {PreStopMessage} (no response in 0.01s)", format.Timeline(Timeline[5]).ToPlainText());
    }

    private static TimelineReport Report() => TimelineReportBuilder.Build([Pod], Timeline, [], T0, T0.AddSeconds(5));

    private static TimelineEntry Entry(double seconds, TimelineStep step, string detail) =>
        TimelineRows.Entry(T0.AddSeconds(seconds), "app", step, detail);
}
