using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Probes;

/// <summary>Restartable init containers (KEP-753) on the fake runtime and fake time.</summary>
public sealed class SidecarTests
{
    private static string Pod(string policy = "Always", string proxyExtra = "", int grace = 30) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          restartPolicy: {{policy}}
          terminationGracePeriodSeconds: {{grace}}
          initContainers:
          - name: logs
            image: busybox
            command: [ship]
            restartPolicy: Always
          - name: proxy
            image: busybox
            command: [proxy]
            restartPolicy: Always
        {{proxyExtra}}
          containers:
          - name: app
            image: busybox
            command: [app]
        """;

    [Fact]
    public async Task NextContainer_WaitsForTheSidecarsStartupProbe()
    {
        await using var h = new EngineHarness();
        var booted = false;
        h.Runtime.Configure = c => c.OnExec = (_, _) => Task.FromResult(new ExecResult(Volatile.Read(ref booted) ? 0 : 1, "not yet", false));
        h.Admit(Pod(proxyExtra: """
            startupProbe:
              exec: {command: [boot]}
              periodSeconds: 2
              failureThreshold: 10
        """));
        var logs = await h.Runtime.NextStartAsync();
        var proxy = await h.Runtime.NextStartAsync();

        // Probing starts from the status the worker publishes: wait for it before moving the clock.
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.InitContainerStatuses?[1].State.Running is not null);
        for (var i = 0; i < 3; i++)
        {
            var execs = proxy.Execs.Count;
            h.Time.Advance(TimeSpan.FromSeconds(2));
            await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "Unhealthy") && proxy.Execs.Count > execs);
        }

        Assert.False(h.Runtime.TryGetNextStart(out _));
        var initialized = h.Status.Status.Conditions.Single(c => c.Type == "Initialized");
        Assert.Equal(("False", "containers with incomplete status: [proxy]"), (initialized.Status, initialized.Message));

        Volatile.Write(ref booted, true);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        var app = await h.Runtime.NextStartAsync();
        Assert.Equal("app", app.Launch.ContainerName);
        Assert.Equal("logs", logs.Launch.ContainerName);
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Conditions.Single(c => c.Type == "Initialized").Status == "True");
        Assert.True(h.Container("proxy").Started);
    }

    [Fact]
    public async Task Deletion_StopsAppFirst_ThenSidecarsInReverseOrder()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod(proxyExtra: """
            lifecycle:
              preStop: {exec: {command: [drain]}}
        """, grace: 10));
        var logs = await h.Runtime.NextStartAsync();
        var proxy = await h.Runtime.NextStartAsync();
        var app = await h.NextRunningAsync();
        var t0 = h.Time.GetUtcNow();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);
        await h.Observer.WaitForStepAsync("proxy", TimelineStep.PreStopSucceeded);

        // Every container is told at once (Killing) and the sidecar's preStop runs now, but its signal waits.
        await h.Observer.WaitForAsync(o => o.Events.Count(e => e.Reason == "Killing") == 3);
        Assert.Empty(proxy.SignalsReceived);
        Assert.Empty(logs.SignalsReceived);

        h.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(proxy.SignalsReceived);
        app.Exit(0);
        await h.Observer.WaitForStepAsync("logs", TimelineStep.ContainerExited);
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(t0.AddSeconds(4), proxy.SignalsReceived.Single().At);
        var order = h.Observer.Timeline.Where(t => t.Step == TimelineStep.ContainerExited).Select(t => t.Container).ToList();
        Assert.Equal(["app", "proxy", "logs"], order);
        var signals = h.Observer.Timeline.Where(t => t.Step == TimelineStep.StopSignalSent).Select(t => t.Container).ToList();
        Assert.Equal(["app", "proxy", "logs"], signals);
        Assert.Contains(h.Observer.Timeline, t => t.Container == "proxy" && t.Step == TimelineStep.StopSignalSent && t.Payload == new StopSignalSentPayload("SIGTERM", TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public async Task SidecarWaitingForItsTurn_StillGetsTheTwoSecondMinimum()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Runtime.Behaviour["proxy"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod(grace: 5));
        await h.Runtime.NextStartAsync();
        var proxy = await h.Runtime.NextStartAsync();
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
        var t0 = h.Time.GetUtcNow();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Observer.WaitForStepAsync("proxy", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([(t0.AddSeconds(5), Signals.SigTerm), (t0.AddSeconds(7), Signals.SigKill)], proxy.SignalsReceived);
    }

    [Theory]
    [InlineData("Never", 0, "Succeeded")]
    [InlineData("OnFailure", 0, "Succeeded")]
    [InlineData("Never", 2, "Failed")]
    public async Task AppCompletes_SidecarsAreStopped_PodReachesTerminalPhase(string policy, int exitCode, string phase)
    {
        await using var h = new EngineHarness();
        h.Admit(Pod(policy));
        var logs = await h.Runtime.NextStartAsync();
        var proxy = await h.Runtime.NextStartAsync();
        var app = await h.NextRunningAsync();

        app.Exit(exitCode);
        await h.Engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(phase, h.Status.Status.Phase);
        Assert.Equal([Signals.SigTerm], proxy.SignalsReceived.Select(s => s.Signal));
        Assert.Equal([Signals.SigTerm], logs.SignalsReceived.Select(s => s.Signal));
        Assert.Contains(h.Observer.Events, e => e.Reason == "Killing" && e.Message == "Stopping container proxy");
        var exits = h.Observer.Timeline.Where(t => t.Step == TimelineStep.ContainerExited).Select(t => t.Container).ToList();
        Assert.Equal(["app", "proxy", "logs"], exits);
    }

    [Fact]
    public async Task SidecarExitingAfterInit_IsRestarted_WithBackOff_EvenUnderNever()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("Never"));
        var logs = await h.Runtime.NextStartAsync();
        await h.Runtime.NextStartAsync();
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        logs.Exit(1);
        var again = await h.Runtime.NextStartAsync();
        Assert.Equal("logs", again.Launch.ContainerName);
        again.Exit(1);
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.InitContainerStatuses?[0].State.Waiting?.Reason == "CrashLoopBackOff");
        h.Time.Advance(TimeSpan.FromSeconds(10));
        var third = await h.Runtime.NextStartAsync();
        Assert.Equal("logs", third.Launch.ContainerName);
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.InitContainerStatuses?[0].RestartCount == 2);
        Assert.Equal("Running", h.Status.Status.Phase);
    }

    [Fact]
    public async Task SidecarLivenessFailure_RestartsIt_WithInitContainerMessage()
    {
        await using var h = new EngineHarness();
        h.Runtime.Configure = c => c.OnExec = (_, _) => Task.FromResult(new ExecResult(c.Launch.ContainerName == "proxy" ? 1 : 0, "dead", false));
        h.Admit(Pod("Never", proxyExtra: """
            livenessProbe:
              exec: {command: [live]}
              failureThreshold: 1
        """));
        await h.Runtime.NextStartAsync();
        var proxy = await h.Runtime.NextStartAsync();
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        h.Time.Advance(TimeSpan.FromSeconds(10));
        var again = await h.Runtime.NextStartAsync();

        Assert.Equal("proxy", again.Launch.ContainerName);
        var killing = Assert.Single(h.Observer.Events, e => e.Reason == "Killing");
        Assert.Equal("Init container proxy failed liveness probe", killing.Message);
        Assert.Equal("spec.initContainers{proxy}", killing.InvolvedObject.FieldPath);
        Assert.Equal([Signals.SigTerm], proxy.SignalsReceived.Select(s => s.Signal));
    }

    [Fact]
    public async Task SidecarReadiness_CountsInContainersReady_SidecarsFirst()
    {
        await using var h = new EngineHarness();
        h.Runtime.Configure = c => c.OnExec = (_, _) => Task.FromResult(new ExecResult(1, "no", false));
        h.Admit(Pod(proxyExtra: """
            readinessProbe:
              exec: {command: [ready]}
        """).Replace("    command: [app]", "    command: [app]\n    readinessProbe: {exec: {command: [ready]}}", StringComparison.Ordinal));
        await h.Runtime.NextStartAsync();
        await h.Runtime.NextStartAsync();
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running" && o.Events.Count(e => e.Reason == "Unhealthy") >= 2);

        var condition = h.Status.Status.Conditions.Single(c => c.Type == "ContainersReady");
        Assert.Equal("containers with unready status: [proxy app]", condition.Message);
        Assert.True(h.Container("logs").Ready);
        Assert.False(h.Container("proxy").Ready);
    }
}
