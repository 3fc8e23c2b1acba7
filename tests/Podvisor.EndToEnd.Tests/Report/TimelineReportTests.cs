using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using Podvisor.Cli.Report;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.EndToEnd.Tests.Report;

/// <summary>The page's model (lanes, spans, markers) and its HTML, from a hand-written timeline. Pure.</summary>
public sealed partial class TimelineReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // An init container, a sidecar, and an app that crashed once (back-off), then was deleted: preStop, SIGTERM
    // ignored, SIGKILL at the deadline.
    private static readonly V1Pod Pod = new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
        Spec = new V1PodSpec
        {
            InitContainers = [new V1Container { Name = "prepare" }, new V1Container { Name = "proxy", RestartPolicy = "Always" }],
            Containers = [new V1Container { Name = "app" }],
        },
        Status = new V1PodStatus
        {
            Phase = "Failed",
            InitContainerStatuses =
            [
                new V1ContainerStatus { Name = "prepare", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } } },
                new V1ContainerStatus { Name = "proxy", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } } },
            ],
            ContainerStatuses =
            [
                new V1ContainerStatus { Name = "app", RestartCount = 1, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137, Reason = "Error" } } },
            ],
        },
    };

    private static readonly List<TimelineEntry> Timeline = Parse(
        "0.1 - PodAdmitted node vm",
        "0.2 prepare ContainerSpawned pid 10, attempt 0",
        "0.2 prepare ContainerRunning",
        "0.7 prepare ContainerExited exit code 0",
        "0.8 proxy ContainerSpawned pid 11, attempt 0",
        "0.8 proxy ContainerRunning",
        "1.0 proxy StartupProbeSucceeded",
        "1.1 app ContainerSpawned pid 12, attempt 0",
        "1.1 app PostStartStarted ExecHookHandler",
        "2.1 app PostStartSucceeded",
        "2.1 app ContainerRunning",
        "2.5 app ContainerExited exit code 1",
        "2.5 app BackOff 10s, restart at x",
        "12.5 app ContainerSpawned pid 13, attempt 1",
        "12.5 app ContainerRunning",
        "13.0 app ContainerReady",
        "14.0 - DeletionRequested grace period 5s",
        "14.0 app PreStopStarted SleepHookHandler",
        "15.0 app PreStopSucceeded",
        "15.0 app StopSignalSent SIGTERM, SIGKILL in 4s",
        "19.0 app KillSent grace period exceeded",
        "19.0 app ContainerExited exit code 137 (SIGKILL)",
        "19.1 proxy StopSignalSent SIGTERM, SIGKILL in 2s",
        "19.3 proxy ContainerExited exit code 0",
        "19.3 - PodTerminated Failed");

    private static readonly List<ObservedEvent> Events =
    [
        Event(0.1, null, "Normal", "Scheduled", "Successfully assigned default/web to vm"),
        Event(12.8, "app", "Warning", "Unhealthy", "Readiness probe failed: <connection refused> & more"),
        Event(14.0, "app", "Normal", "Killing", "Stopping container app"),
    ];

    [Fact]
    public void Build_OneLanePerContainer_InitSidecarApp_AfterThePodsOwn()
    {
        var pod = Build().Pods.Single();

        Assert.Equal(["pod", "prepare", "proxy", "app"], pod.Lanes.Select(lane => lane.Name));
        Assert.Equal([LaneKind.Pod, LaneKind.Init, LaneKind.Sidecar, LaneKind.App], pod.Lanes.Select(lane => lane.Kind));
    }

    [Fact]
    public void Build_DeferContainers_GetTheirOwnLanes_AfterTheApps_WaitingUntilTheyRun()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web",
                NamespaceProperty = "default",
                Annotations = new Dictionary<string, string> { ["podvisor.io/defer-containers"] = "[{name: flush, image: busybox, command: [sh, -c, 'true']}]" },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] },
        };
        var timeline = Parse(
            "0.1 app ContainerSpawned pid 12, attempt 0",
            "0.1 app ContainerRunning",
            "2.0 app ContainerExited exit code 0",
            "2.1 flush ContainerSpawned pid 13, attempt 0",
            "2.1 flush ContainerRunning",
            "2.3 flush ContainerExited exit code 0");

        var lanes = TimelineReportBuilder.Build([pod], timeline, [], T0, T0.AddSeconds(3)).Pods[0].Lanes;

        Assert.Equal(["pod", "app", "flush"], lanes.Select(lane => lane.Name));
        var flush = lanes[2];
        Assert.Equal(LaneKind.Defer, flush.Kind);
        Assert.Equal("WaitingForTermination", flush.Spans.First(span => span.Kind == SpanKind.State).Reason);
        Assert.Contains(flush.Spans, span => span.Kind == SpanKind.State && span.Label == "Running" && span.From == T0.AddSeconds(2.1));
    }

    [Fact]
    public void Build_AppStates_CreatingDuringPostStart_CrashLoopBackOff_Terminated()
    {
        var app = Lane("app");

        var states = app.Spans.Where(span => span.Kind == SpanKind.State).Select(span => $"{span.Label}/{span.Reason}").ToList();
        Assert.Equal(
            ["Waiting/PodInitializing", "Waiting/ContainerCreating", "Running/", "Terminated/Error", "Waiting/CrashLoopBackOff", "Waiting/ContainerCreating", "Running/", "Terminated/Error"],
            states);
        var backOff = app.Spans.Single(span => span.Reason == "CrashLoopBackOff");
        Assert.Equal((T0.AddSeconds(2.5), T0.AddSeconds(12.5)), (backOff.From, backOff.To));
    }

    [Fact]
    public void Build_HooksGraceBandAndSignals()
    {
        var app = Lane("app");

        var postStart = app.Spans.Single(span => span.Kind == SpanKind.PostStart);
        Assert.Equal(("Succeeded", TimeSpan.FromSeconds(1)), (postStart.Reason, postStart.To - postStart.From));
        var preStop = app.Spans.Single(span => span.Kind == SpanKind.PreStop);
        Assert.Equal(("Succeeded", T0.AddSeconds(14)), (preStop.Reason, preStop.From));
        // The band runs from the start of the stop (preStop) to the SIGKILL deadline.
        var grace = app.Spans.Single(span => span.Kind == SpanKind.Grace);
        Assert.Equal((T0.AddSeconds(14), T0.AddSeconds(19)), (grace.From, grace.To));
        Assert.Equal(["SIGTERM", "SIGKILL"], app.Markers.Where(marker => marker.Kind == MarkerKind.Signal).Select(marker => marker.Label));
        Assert.Equal(("GracePeriodExceeded", true), (app.Cause, app.Termination?.Contains("5s grace period", StringComparison.Ordinal)));
    }

    [Fact]
    public void Build_ProbeTicks_FromTransitionsAndUnhealthyEvents()
    {
        Assert.Equal(["startup-succeeded"], Lane("proxy").Markers.Where(marker => marker.Kind == MarkerKind.Probe).Select(marker => marker.Label));
        Assert.Equal(["unhealthy", "ready"], Lane("app").Markers.Where(marker => marker.Kind == MarkerKind.Probe).Select(marker => marker.Label));
        Assert.Equal(["Killing"], Lane("app").Markers.Where(marker => marker.Kind == MarkerKind.Event).Select(marker => marker.Label));
    }

    [Fact]
    public void Build_PodLane_DeletionTerminationAndPodEvents()
    {
        var pod = Lane("pod");

        Assert.Equal(["Scheduled", "deletion", "terminated"], pod.Markers.Select(marker => marker.Label));
    }

    [Fact]
    public void Build_PostStartStillRunningAtDeletion_BothHooksShown()
    {
        var timeline = Parse(
            "1 app ContainerSpawned pid 1, attempt 0",
            "1 app PostStartStarted ExecHookHandler",
            "2 app PreStopStarted SleepHookHandler",
            "3 app PreStopSucceeded",
            "3 app StopSignalSent SIGTERM, SIGKILL in 4s",
            "3.5 app ContainerExited exit code 0");

        var app = TimelineReportBuilder.Build([Pod], timeline, [], T0, T0.AddSeconds(4)).Pods[0].Lanes.Single(lane => lane.Name == "app");

        Assert.Equal("Running", app.Spans.Single(span => span.Kind == SpanKind.PostStart).Reason);
        Assert.Equal("Succeeded", app.Spans.Single(span => span.Kind == SpanKind.PreStop).Reason);
    }

    [Fact]
    public void Build_GraceBandOfAKillAnsweredAtOnce_EndsWhereTheRestartedInstanceBegins()
    {
        var timeline = Parse(
            "1 app ContainerSpawned pid 1, attempt 0",
            "1 app ContainerRunning",
            "5 app LivenessProbeFailed",
            "5 app StopSignalSent SIGTERM, SIGKILL in 30s",
            "5.1 app ContainerExited exit code 143 (SIGTERM)",
            "5.2 app ContainerSpawned pid 2, attempt 1",
            "5.2 app ContainerRunning");

        var app = TimelineReportBuilder.Build([Pod], timeline, [], T0, T0.AddSeconds(10)).Pods[0].Lanes.Single(lane => lane.Name == "app");

        var grace = app.Spans.Single(span => span.Kind == SpanKind.Grace);
        Assert.Equal((T0.AddSeconds(5), T0.AddSeconds(5.2)), (grace.From, grace.To));
    }

    [Fact]
    public void Html_CarriesTheDataAttributes_WithTheRightCounts()
    {
        var html = TimelineReportHtml.Render(Build());

        Assert.Equal(4, Count(html, "<g data-lane="));
        Assert.Equal(1, Count(html, "data-kind=\"sidecar\""));
        Assert.Equal(2, Count(html, "data-marker=\"signal\" data-signal=\"SIGTERM\""));
        Assert.Equal(1, Count(html, "data-marker=\"signal\" data-signal=\"SIGKILL\""));
        Assert.Equal(2, Count(html, "data-span=\"grace\""));
        Assert.Equal(1, Count(html, "data-span=\"postStart\" data-outcome=\"Succeeded\""));
        Assert.Equal(1, Count(html, "data-reason=\"CrashLoopBackOff\""));
        Assert.Equal(3, Count(html, "<tr data-event="));
        Assert.Contains("data-cause=\"GracePeriodExceeded\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_SelfContained_NoUrlButTheSvgNamespace_AndEscaped()
    {
        var html = TimelineReportHtml.Render(Build());

        var urls = UrlPattern().Matches(html).Select(match => match.Value).Distinct().ToList();
        Assert.Equal(["http://www.w3.org/2000/svg"], urls);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<connection refused>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;connection refused&gt; &amp; more", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_MarkersOnTheSharedAxis()
    {
        var html = TimelineReportHtml.Render(Build());

        // The run spans 0 to 20 s over 1000 px from x=200: the SIGKILL at 19 s is at x=1150.
        var kill = Regex.Match(html, "data-signal=\"SIGKILL\"[^>]*><title>[^<]*</title><line x1=\"([0-9.]+)\"");
        Assert.True(kill.Success, html);
        Assert.Equal(1150, double.Parse(kill.Groups[1].Value, CultureInfo.InvariantCulture), 3);
    }

    private static TimelineReport Build() => TimelineReportBuilder.Build([Pod], Timeline, Events, T0, T0.AddSeconds(20));

    private static ReportLane Lane(string name) => Build().Pods[0].Lanes.Single(lane => lane.Name == name);

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    private static ObservedEvent Event(double at, string? container, string type, string reason, string message) => new(
        T0.AddSeconds(at),
        new Corev1Event
        {
            InvolvedObject = new V1ObjectReference
            {
                Kind = "Pod", Name = "web", NamespaceProperty = "default",
                FieldPath = container is null ? null : $"spec.containers{{{container}}}",
            },
            Type = type,
            Reason = reason,
            Message = message,
        });

    /// <summary>"seconds container|- step detail".</summary>
    private static List<TimelineEntry> Parse(params string[] lines) =>
    [
        .. lines.Select(line =>
        {
            var parts = line.Split(' ', 4);
            return TimelineRows.Entry(
                T0.AddSeconds(double.Parse(parts[0], CultureInfo.InvariantCulture)),
                parts[1] == "-" ? null : parts[1], Enum.Parse<TimelineStep>(parts[2]), parts.Length > 3 ? parts[3] : string.Empty);
        }),
    ];

    [GeneratedRegex("https?://[^\"' )<>]+")]
    private static partial Regex UrlPattern();
}
