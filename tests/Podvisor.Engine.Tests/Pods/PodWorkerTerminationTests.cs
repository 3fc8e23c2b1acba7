using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

public sealed class PodWorkerTerminationTests
{
    private static string Pod(string lifecycle = "", int grace = 5) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: {{grace}}
          containers:
          - name: app
            image: busybox
            command: [sh]
        {{lifecycle}}
        """;

    [Fact]
    public async Task ContainerIgnoringSigterm_GetsSigkill_ExactlyAtGracePeriod()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod());
        var app = await h.NextRunningAsync();
        var t0 = h.Time.GetUtcNow();
        var running = h.Status;

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(app.Exited.IsCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([(t0, Signals.SigTerm), (t0 + TimeSpan.FromSeconds(5), Signals.SigKill)], app.SignalsReceived);
        Assert.Equal(137, h.Container("app").State.Terminated.ExitCode);
        Assert.Equal("Failed", h.Status.Status.Phase);
        Assert.Equal(5, h.Status.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal((t0 + TimeSpan.FromSeconds(5)).UtcDateTime, h.Status.Metadata.DeletionTimestamp);
        Assert.Contains(h.Observer.Timeline, t => t.Step == TimelineStep.KillSent);

        // Snapshots share metadata; the deletion is made on the worker's own copy, so an earlier snapshot is unchanged.
        Assert.Null(running.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task ContainerHandlingSigterm_ExitsAtOnce_NoSigkill_DeletedPodSucceeded()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod());
        var app = await h.NextRunningAsync();

        h.Engine.DeleteAll();
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([Signals.SigTerm], app.SignalsReceived.Select(s => s.Signal));
        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.KillSent);
        Assert.Contains(h.Observer.Events, e => e.Reason == "Killing" && e.Message == "Stopping container app");
        Assert.Equal(143, h.Container("app").State.Terminated.ExitCode);
    }

    [Fact]
    public async Task PreStopSleepLongerThanGrace_IsCut_ThenTwoSecondMinimumBeforeSigkill()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod("""
                lifecycle:
                  preStop: {sleep: {seconds: 4}}
            """, grace: 3));
        var app = await h.NextRunningAsync();
        var t0 = h.Time.GetUtcNow();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PreStopStarted);
        h.Time.Advance(TimeSpan.FromSeconds(3));
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(h.Observer.Timeline, t => t.Step == TimelineStep.PreStopTimedOut);
        Assert.Equal([(t0 + TimeSpan.FromSeconds(3), Signals.SigTerm), (t0 + TimeSpan.FromSeconds(5), Signals.SigKill)], app.SignalsReceived);
        Assert.DoesNotContain(h.Observer.Events, e => e.Reason == "FailedPreStopHook");
    }

    [Fact]
    public async Task PreStopTime_CountsAgainstGrace_InWholeSeconds()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod("""
                lifecycle:
                  preStop: {sleep: {seconds: 1}}
            """, grace: 10));
        var app = await h.NextRunningAsync();
        var t0 = h.Time.GetUtcNow();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PreStopStarted);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(9));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([(t0 + TimeSpan.FromSeconds(1), Signals.SigTerm), (t0 + TimeSpan.FromSeconds(10), Signals.SigKill)], app.SignalsReceived);
        Assert.Contains(h.Observer.Timeline, t => t.Step == TimelineStep.PreStopSucceeded);
    }

    [Fact]
    public async Task FailingPreStop_EventAndStopSignalAnyway()
    {
        await using var h = new EngineHarness();
        h.Runtime.Configure = c => c.OnExec = (_, _) => Task.FromResult(new ExecResult(1, "nope", false));
        h.Admit(Pod("""
                lifecycle:
                  preStop: {exec: {command: [false]}}
            """));
        var app = await h.NextRunningAsync();

        h.Engine.DeleteAll();
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        var warning = Assert.Single(h.Observer.Events, e => e.Reason == "FailedPreStopHook");
        Assert.Equal("PreStopHook failed", warning.Message);
        Assert.Equal("Warning", warning.Type);
        Assert.Equal(Signals.SigTerm, app.SignalsReceived[0].Signal);
    }

    [Fact]
    public async Task SecondShorterDeletion_MovesTheKillEarlier_ForceKillsAtOnce()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod(grace: 30));
        var app = await h.NextRunningAsync();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Engine.DeleteAll(0);
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Signals.SigKill, app.SignalsReceived[^1].Signal);
        Assert.Equal(TimeSpan.FromSeconds(1), app.SignalsReceived[^1].At - app.SignalsReceived[0].At);
    }

    [Fact]
    public async Task StopSignal_FromLifecycle_OverridesSigterm()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("""
                lifecycle:
                  stopSignal: SIGINT
            """));
        var app = await h.NextRunningAsync();

        h.Engine.DeleteAll();
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Signals.SigInt, app.SignalsReceived[0].Signal);
        Assert.Equal(130, h.Container("app").State.Terminated.ExitCode);
    }
}
