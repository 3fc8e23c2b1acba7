using Podvisor.Engine.Chaos;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Chaos;

/// <summary>Each <c>--chaos</c> fault carried out by the pod worker, on the fake runtime and fake time.</summary>
public sealed class PodWorkerChaosTests
{
    private static string Pod(string lifecycle, int grace = 5) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: {{grace}}
          containers:
          - name: app
            image: busybox
            command: [sh]
            lifecycle:
        {{lifecycle}}
        """;

    private const string ExecPostStart = """
              postStart: {exec: {command: [register]}}
        """;

    [Fact]
    public async Task PostStartTwice_SecondRunAfterTheFirstCompletes_StartWaitsForBoth()
    {
        await using var h = new EngineHarness(ChaosFaults.PostStartTwice);
        var runs = new[] { new TaskCompletionSource<ExecResult>(), new TaskCompletionSource<ExecResult>() };
        var calls = 0;
        h.Runtime.Configure = container => container.OnExec = (_, _) => runs[Interlocked.Increment(ref calls) - 1].Task;
        h.Admit(Pod(ExecPostStart));
        var app = await h.Runtime.NextStartAsync();

        await h.Observer.WaitForAsync(_ => app.Execs.Count == 1);
        runs[0].SetResult(new ExecResult(0, string.Empty, false));
        await h.Observer.WaitForAsync(_ => app.Execs.Count == 2);

        // The second delivery is under way: the container is still not running, the pod still Pending.
        Assert.Equal("Pending", h.Status.Status.Phase);
        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.PostStartSucceeded);
        Assert.Contains(h.Observer.Events, e => e.Reason == "ChaosInjected" && e.Type == "Warning"
            && e.Message == "poststart-twice: running the postStart hook a second time (at-least-once delivery)"
            && e.InvolvedObject.FieldPath == "spec.containers{app}");

        runs[1].SetResult(new ExecResult(0, string.Empty, false));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
        Assert.Equal([["register"], ["register"]], app.Execs.Select(e => e.Command));
        Assert.Single(h.Observer.Timeline, t => t.Step == TimelineStep.PostStartSucceeded);
    }

    [Fact]
    public async Task PostStartTwice_FirstRunFails_NotRunAgain_FailedPostStartHook()
    {
        await using var h = new EngineHarness(ChaosFaults.PostStartTwice);
        h.Runtime.Configure = container => container.OnExec = (_, _) => Task.FromResult(new ExecResult(1, "no", false));
        h.Admit(Pod(ExecPostStart));
        var app = await h.Runtime.NextStartAsync();

        await h.Observer.WaitForStepAsync("app", TimelineStep.PostStartFailed);

        Assert.Single(app.Execs);
        Assert.DoesNotContain(h.Observer.Events, e => e.Reason == "ChaosInjected");
        Assert.Contains(h.Observer.Events, e => e.Reason == "FailedPostStartHook");
    }

    [Fact]
    public async Task PostStartEarly_EntrypointHeldInAShell_ReleasedOnlyAfterTheHookBegan()
    {
        await using var h = new EngineHarness(ChaosFaults.PostStartEarly);
        var hook = new TaskCompletionSource<ExecResult>();
        h.Runtime.Configure = container => container.OnExec = (command, _) =>
            command[0] == "register" ? hook.Task : Task.FromResult(new ExecResult(0, string.Empty, false));
        h.Admit(Pod(ExecPostStart));
        var app = await h.Runtime.NextStartAsync();

        var marker = ChaosPlanner.MarkerFor(app.Id);
        Assert.Equal(ChaosPlanner.HeldArgv(["sh"], marker), app.Launch.Argv);
        await h.Observer.WaitForAsync(_ => app.Execs.Count == 2);

        // The hook's exec first, then the release, while the hook still runs.
        Assert.Equal(["register"], app.Execs[0].Command);
        Assert.Equal(["/bin/sh", "-c", ": > \"$0\"", marker], app.Execs[1].Command);
        Assert.False(hook.Task.IsCompleted);
        await h.Observer.WaitForAsync(o => o.Timeline.Any(t => t.Step == TimelineStep.ChaosInjected && t.Detail.Contains("entrypoint released", StringComparison.Ordinal)));

        hook.SetResult(new ExecResult(0, string.Empty, false));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
    }

    [Fact]
    public async Task PostStartEarly_HttpGetHook_EntrypointReleasedOnlyOnceTheRequestFailed()
    {
        await using var h = new EngineHarness(ChaosFaults.PostStartEarly | ChaosFaults.DropHttpHook);
        h.Admit(Pod("""
                  postStart: {httpGet: {port: 8080, path: ready}}
            """));
        var app = await h.Runtime.NextStartAsync();

        await h.Observer.WaitForStepAsync("app", TimelineStep.PostStartFailed);
        await h.Observer.WaitForAsync(_ => app.Execs.Count >= 1);

        var steps = h.Observer.Timeline.Where(t => t.Container == "app").Select(t => t.Detail).ToList();
        var dropped = steps.FindIndex(d => d.StartsWith("drop-http-hook:", StringComparison.Ordinal));
        var released = steps.FindIndex(d => d.Contains("entrypoint released", StringComparison.Ordinal));
        Assert.InRange(dropped, 0, released - 1);
        Assert.Equal(["/bin/sh", "-c", ": > \"$0\"", ChaosPlanner.MarkerFor(app.Id)], app.Execs[0].Command);
    }

    [Fact]
    public async Task DropHttpHook_PreStop_NotSent_FailsAsARefusedConnection()
    {
        await using var h = new EngineHarness(ChaosFaults.DropHttpHook);
        h.Admit(Pod("""
                  preStop: {httpGet: {port: 8080, path: shutdown}}
            """));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        h.Engine.DeleteAll();
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        var failed = Assert.Single(h.Observer.Timeline, t => t.Step == TimelineStep.PreStopFailed);
        Assert.Equal(
            "HTTP lifecycle hook (shutdown) for Container \"app\" in Pod \"web_default(00000000-0000-0000-0000-000000000001)\" failed - error: "
            + "Get \"http://127.0.0.1:8080/shutdown\": dial tcp 127.0.0.1:8080: connect: connection refused",
            failed.Detail);
        Assert.Contains(h.Observer.Events, e => e.Reason == "FailedPreStopHook" && e.Message == "PreStopHook failed");
        Assert.Contains(h.Observer.Events, e => e.Reason == "ChaosInjected"
            && e.Message == "drop-http-hook: preStop request GET http://127.0.0.1:8080/shutdown dropped, not sent (httpGet hooks are not retried)");
    }

    [Fact]
    public async Task LateStopSignal_NoPreStop_SignalSentWithTwoSecondsLeft()
    {
        await using var h = new EngineHarness(ChaosFaults.LateStopSignal);
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod("""
                  postStart: {sleep: {seconds: 0}}
            """));
        var app = await h.NextRunningAsync();
        var t0 = h.Time.GetUtcNow();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.ChaosInjected);
        h.Time.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(app.SignalsReceived);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([(t0 + TimeSpan.FromSeconds(3), Signals.SigTerm), (t0 + TimeSpan.FromSeconds(5), Signals.SigKill)], app.SignalsReceived);
        Assert.Equal(new StopSignalSentPayload("SIGTERM", TimeSpan.FromSeconds(2)), h.Observer.Timeline.Single(t => t.Step == TimelineStep.StopSignalSent).Payload);
        Assert.Contains(h.Observer.Events, e => e.Reason == "ChaosInjected"
            && e.Message == "late-stop-signal: stop signal held 3s, sent with the kubelet's minimum 2s before SIGKILL");
    }

    [Fact]
    public async Task LateStopSignal_AfterPreStop_HoldsOnlyWhatThePreStopLeft()
    {
        await using var h = new EngineHarness(ChaosFaults.LateStopSignal);
        h.Admit(Pod("""
                  preStop: {sleep: {seconds: 2}}
            """));
        var app = await h.NextRunningAsync();
        var t0 = h.Time.GetUtcNow();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PreStopStarted);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Observer.WaitForStepAsync("app", TimelineStep.ChaosInjected);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        // Grace 5: preStop took 2 s, 3 s were left, the signal waited 1 s and the app (exiting on SIGTERM) had its 2 s.
        Assert.Equal([(t0 + TimeSpan.FromSeconds(3), Signals.SigTerm)], app.SignalsReceived);
        Assert.Equal(new StopSignalSentPayload("SIGTERM", TimeSpan.FromSeconds(2)), h.Observer.Timeline.Single(t => t.Step == TimelineStep.StopSignalSent).Payload);
    }

    [Fact]
    public async Task LateStopSignal_ContainerExitsWhileHeld_NoSignalNeeded()
    {
        await using var h = new EngineHarness(ChaosFaults.LateStopSignal);
        h.Admit(Pod("""
                  postStart: {sleep: {seconds: 0}}
            """));
        var app = await h.NextRunningAsync();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.ChaosInjected);
        app.Exit(0);
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.KillSent);
        Assert.Equal(0, h.Container("app").State.Terminated.ExitCode);
    }
}
