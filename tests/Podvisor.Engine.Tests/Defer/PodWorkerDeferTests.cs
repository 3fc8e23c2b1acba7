using System.Text.Json;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Defer;

/// <summary>The defer phase on the fake runtime and fake time.</summary>
public sealed class PodWorkerDeferTests
{
    private static string Pod(int grace = 10, string restartPolicy = "Always") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          annotations:
            podvisor.io/defer-containers: |
              - {name: flush, image: busybox, command: [sync]}
              - {name: deregister, image: busybox, command: [curl]}
        spec:
          terminationGracePeriodSeconds: {{grace}}
          restartPolicy: {{restartPolicy}}
          containers:
          - name: app
            image: busybox
            command: [sh]
        """;

    [Fact]
    public async Task Deletion_DeferContainersRunAfterTheAppStopped_OneByOne_InOrder()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod());
        var app = await h.NextRunningAsync();

        h.Engine.DeleteAll();
        var flush = await h.Runtime.NextStartAsync();
        Assert.Equal("flush", flush.Launch.ContainerName);
        Assert.True(app.Exited.IsCompleted);

        // The next one waits for this one to complete.
        Assert.False(h.Runtime.TryGetNextStart(out _));
        flush.Exit(0);
        var deregister = await h.Runtime.NextStartAsync();
        Assert.Equal("deregister", deregister.Launch.ContainerName);
        Assert.Equal(["curl"], deregister.Launch.Argv);
        deregister.Exit(3);
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        var statuses = DeferStatuses(h);
        Assert.Equal(["flush", "deregister"], statuses.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(0, statuses[0].GetProperty("state").GetProperty("terminated").GetProperty("exitCode").GetInt32());
        Assert.Equal("Completed", statuses[0].GetProperty("state").GetProperty("terminated").GetProperty("reason").GetString());
        Assert.Equal(3, statuses[1].GetProperty("state").GetProperty("terminated").GetProperty("exitCode").GetInt32());
        Assert.Contains(h.Observer.Events, e => e.Reason == "Started" && e.InvolvedObject.FieldPath == "spec.deferContainers{flush}" && e.Message == "Started container flush");
        Assert.Contains(h.Observer.Events, e => e.Reason == "Created" && e.InvolvedObject.FieldPath == "spec.deferContainers{deregister}");

        // The real status keeps its shape: no defer container among the container statuses.
        Assert.Equal(["app"], h.Status.Status.ContainerStatuses.Select(s => s.Name));
    }

    [Fact]
    public async Task DeferContainerStillRunningAtTheDeadline_Sigkilled_TheRestSkipped()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod(grace: 10));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
        var t0 = h.Time.GetUtcNow();

        h.Engine.DeleteAll();
        var flush = await h.Runtime.NextStartAsync();
        h.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(flush.SignalsReceived);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([(t0 + TimeSpan.FromSeconds(10), Signals.SigKill)], flush.SignalsReceived);
        Assert.Equal(2, h.Runtime.All.Count);
        var statuses = DeferStatuses(h);
        Assert.Equal(137, statuses[0].GetProperty("state").GetProperty("terminated").GetProperty("exitCode").GetInt32());
        Assert.Equal("DeferSkipped", statuses[1].GetProperty("state").GetProperty("waiting").GetProperty("reason").GetString());
        Assert.Contains(h.Observer.Timeline, t => t.Container == "flush" && t.Step == TimelineStep.KillSent && t.Payload == new KillSentPayload(Forced: false));
        Assert.Contains(h.Observer.Timeline, t => t.Container == "deregister" && t.Step == TimelineStep.DeferContainerSkipped);
    }

    [Fact]
    public async Task ForcedDeletion_RunsNoDeferContainer()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod());
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        h.Engine.DeleteAll(0);
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(h.Runtime.All);
        Assert.All(DeferStatuses(h), s => Assert.Equal("DeferSkipped", s.GetProperty("state").GetProperty("waiting").GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task PodFinishingByItself_RunsThemOnce_EvenWhenDeletedAfterwards()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod(restartPolicy: "Never"));
        var app = await h.NextRunningAsync();

        app.Exit(0);
        var flush = await h.Runtime.NextStartAsync();
        flush.Exit(0);
        var deregister = await h.Runtime.NextStartAsync();
        deregister.Exit(0);
        await h.Engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Succeeded", h.Status.Status.Phase);

        h.Engine.DeleteAll();
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, h.Runtime.All.Count);
    }

    [Fact]
    public async Task NoAnnotation_NoDeferPhase()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod().Replace("podvisor.io/defer-containers", "example.com/other", StringComparison.Ordinal));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        h.Engine.DeleteAll();
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(h.Runtime.All);
        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.DeferContainersStarted);
    }

    private static List<JsonElement> DeferStatuses(EngineHarness h) =>
        JsonDocument.Parse(h.Status.Metadata.Annotations["podvisor.io/defer-container-statuses"]).RootElement.EnumerateArray().ToList();
}
