using Podvisor.Engine.Probes;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Probes;

/// <summary>Probe rules on the fake runtime and fake time: exec probes answer through the fake container.</summary>
public sealed class PodWorkerProbeTests
{
    private const string PodId = "web_default(00000000-0000-0000-0000-000000000001)";

    private static string Pod(string probes, string policy = "Always", int grace = 30) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          restartPolicy: {{policy}}
          terminationGracePeriodSeconds: {{grace}}
          containers:
          - name: web
            image: busybox
            command: [server]
            ports: [{name: http, containerPort: 8080}]
        {{probes}}
        """;

    private const string Liveness = """
            livenessProbe:
              exec: {command: [live]}
              periodSeconds: 10
        """;

    private static int Count(EngineHarness h, string reason, string message) =>
        h.Observer.Events.Where(e => e.Reason == reason && e.Message == message).Select(e => e.Count ?? 1).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Advances the clock; when that made a failing probe attempt, waits until the engine reported it (an event).
    /// A passing attempt that changes nothing is, by design, not observable: <paramref name="failing"/> false skips the wait.
    /// </summary>
    private static async Task StepAsync(EngineHarness h, FakeContainer instance, TimeSpan by, bool failing = true)
    {
        var before = instance.Execs.Count;
        var reports = h.Observer.Events.Count + h.Observer.Statuses.Count;
        h.Time.Advance(by);
        if (failing && instance.Execs.Count > before)
        {
            await h.Observer.WaitForAsync(o => o.Events.Count + o.Statuses.Count > reports);
        }
    }

    [Fact]
    public async Task LivenessFailure_AfterThreshold_UnhealthyThenKilling_PreStopSigtermRestart()
    {
        await using var h = new EngineHarness();
        var exits = ExecScript.On(h);
        h.Admit(Pod(Liveness + "\n" + """
            lifecycle:
              preStop: {exec: {command: [drain]}}
        """));
        var first = await h.NextRunningAsync();
        exits.Set("live", 1);

        await StepAsync(h, first, TimeSpan.FromSeconds(10));
        await StepAsync(h, first, TimeSpan.FromSeconds(10));
        Assert.Equal(2, Count(h, "Unhealthy", "Liveness probe failed: live says no"));
        Assert.DoesNotContain(h.Observer.Events, e => e.Reason == "Killing");

        h.Time.Advance(TimeSpan.FromSeconds(10));
        var second = await h.Runtime.NextStartAsync();

        Assert.Equal(3, Count(h, "Unhealthy", "Liveness probe failed: live says no"));
        var killing = Assert.Single(h.Observer.Events, e => e.Reason == "Killing");
        Assert.Equal("Container web failed liveness probe, will be restarted", killing.Message);
        Assert.Equal("Warning", h.Observer.Events.First(e => e.Reason == "Unhealthy").Type);
        Assert.Equal("spec.containers{web}", killing.InvolvedObject.FieldPath);
        Assert.Equal(["live", "live", "live", "drain"], first.Execs.Select(e => e.Command[0]));
        Assert.Equal([Signals.SigTerm], first.SignalsReceived.Select(s => s.Signal));
        Assert.Contains(h.Observer.Timeline, t => t.Container == "web" && t.Step == TimelineStep.LivenessProbeFailed);
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].RestartCount == 1);
        var status = h.Container("web");
        Assert.Equal(143, status.LastState.Terminated.ExitCode);
        Assert.Equal("Error", status.LastState.Terminated.Reason);
        Assert.NotNull(status.State.Running);
    }

    [Fact]
    public async Task LivenessCounters_ResetForTheNewInstance()
    {
        await using var h = new EngineHarness();
        var exits = ExecScript.On(h);
        h.Admit(Pod(Liveness));
        var first = await h.NextRunningAsync();
        exits.Set("live", 1);
        for (var i = 0; i < 3; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(10));
        }

        var second = await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].RestartCount == 1);

        // Two more failures on the new instance are below the threshold again: no second kill.
        await StepAsync(h, second, TimeSpan.FromSeconds(10));
        await StepAsync(h, second, TimeSpan.FromSeconds(10));
        Assert.Single(h.Observer.Events, e => e.Reason == "Killing");
        Assert.Empty(second.SignalsReceived);
        Assert.Equal(2, second.Execs.Count);

        // The third kills it; restarting now needs the 10 s back-off.
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "Killing" && e.Count == 2));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].State.Waiting?.Reason == "CrashLoopBackOff");
    }

    [Fact]
    public async Task Period_And_InitialDelay_ProbeOnTheAdmissionTicker()
    {
        await using var h = new EngineHarness();
        ExecScript.On(h);
        var t0 = h.Time.GetUtcNow();
        h.Admit(Pod("""
            livenessProbe:
              exec: {command: [live]}
              initialDelaySeconds: 25
              periodSeconds: 10
        """));
        var web = await h.NextRunningAsync();
        for (var i = 0; i < 6; i++)
        {
            await StepAsync(h, web, TimeSpan.FromSeconds(5), failing: false);
        }

        // Ticks at 10, 20 fall inside the 25 s delay; 30 is the first probe; then every 10 s.
        Assert.Equal([t0.AddSeconds(30)], web.Execs.Select(e => e.At));
        for (var i = 0; i < 4; i++)
        {
            await StepAsync(h, web, TimeSpan.FromSeconds(5), failing: false);
        }

        Assert.Equal([t0.AddSeconds(30), t0.AddSeconds(40), t0.AddSeconds(50)], web.Execs.Select(e => e.At));
    }

    [Fact]
    public async Task Exec_ExpandsOnlyTheContainersOwnEnv()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("""
            env: [{name: TARGET, value: /health}]
            readinessProbe:
              exec: {command: [check, $(TARGET), $(HOME), $$(TARGET)]}
        """));
        var web = await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);

        Assert.Equal(["check", "/health", "$(HOME)", "$(TARGET)"], web.Execs[0].Command);
    }

    [Fact]
    public async Task ExecTimeout_IsAFailure_WithTheKubeletsMessage()
    {
        await using var h = new EngineHarness();
        h.Runtime.Configure = c => c.OnExec = (_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct).ContinueWith(_ => new ExecResult(0, string.Empty, false), TaskScheduler.Default);
        h.Admit(Pod("""
            livenessProbe:
              exec: {command: [sh, -c, sleep 5]}
              timeoutSeconds: 2
              failureThreshold: 1
        """));
        var web = await h.NextRunningAsync();
        h.Time.Advance(TimeSpan.FromSeconds(10));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(h.Observer.Events, e => e.Reason == "Unhealthy");
        h.Time.Advance(TimeSpan.FromSeconds(1));

        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "Killing"));
        Assert.Contains(h.Observer.Events, e => e.Reason == "Unhealthy" && e.Message == "Liveness probe failed: command \"sh -c sleep 5\" timed out");
    }

    [Fact]
    public async Task Readiness_DrivesReadyAndConditions_WithoutRestart()
    {
        await using var h = new EngineHarness();
        var exits = ExecScript.On(h);
        exits.Set("ready", 1);
        h.Admit(Pod("""
            readinessProbe:
              exec: {command: [ready]}
              periodSeconds: 5
              failureThreshold: 2
        """));
        var web = await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running" && o.Events.Any(e => e.Reason == "Unhealthy"));

        var status = h.Status.Status;
        Assert.False(status.ContainerStatuses[0].Ready);
        Assert.True(status.ContainerStatuses[0].Started);
        var containersReady = status.Conditions.Single(c => c.Type == "ContainersReady");
        Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [web]"), (containersReady.Status, containersReady.Reason, containersReady.Message));
        var ready = status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [web]"), (ready.Status, ready.Reason, ready.Message));
        Assert.Contains(h.Observer.Events, e => e.Reason == "Unhealthy" && e.Message == "Readiness probe failed: ready says no");

        exits.Set("ready", 0);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);
        Assert.Equal("True", h.Status.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Null(h.Status.Status.Conditions.Single(c => c.Type == "Ready").Reason);
        Assert.Contains(h.Observer.Timeline, t => t.Step == TimelineStep.ContainerReady);

        // One failure is below failureThreshold 2; the second one makes it unready; nothing is killed.
        exits.Set("ready", 1);
        await StepAsync(h, web, TimeSpan.FromSeconds(5));
        Assert.True(h.Container("web").Ready);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == false);
        Assert.Contains(h.Observer.Timeline, t => t.Step == TimelineStep.ContainerNotReady);
        Assert.DoesNotContain(h.Observer.Events, e => e.Reason == "Killing");
        Assert.Empty(web.SignalsReceived);
    }

    [Fact]
    public async Task Readiness_IsProbedAtOnce_WhenTheContainerStarts()
    {
        await using var h = new EngineHarness();
        ExecScript.On(h);
        h.Admit(Pod("""
            readinessProbe:
              exec: {command: [ready]}
        """));
        var web = await h.Runtime.NextStartAsync();

        // No time passes: the kubelet triggers the readiness worker when a started container has no result.
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);
        Assert.Equal(h.Time.GetUtcNow(), Assert.Single(web.Execs).At);
    }

    [Fact]
    public async Task StartupProbe_GatesLivenessAndReadiness_AndSetsStarted()
    {
        await using var h = new EngineHarness();
        var exits = ExecScript.On(h);
        exits.Set("boot", 1);
        h.Admit(Pod("""
            startupProbe:
              exec: {command: [boot]}
              periodSeconds: 5
              failureThreshold: 30
            livenessProbe:
              exec: {command: [live]}
              periodSeconds: 5
            readinessProbe:
              exec: {command: [ready]}
              periodSeconds: 5
        """));
        var web = await h.NextRunningAsync();
        for (var i = 0; i < 3; i++)
        {
            await StepAsync(h, web, TimeSpan.FromSeconds(5));
        }

        Assert.All(web.Execs, e => Assert.Equal("boot", e.Command[0]));
        Assert.False(h.Container("web").Started);
        Assert.False(h.Container("web").Ready);
        Assert.Equal(3, Count(h, "Unhealthy", "Startup probe failed: boot says no"));

        exits.Set("boot", 0);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var startedAt = h.Time.GetUtcNow();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);
        Assert.True(h.Container("web").Started);
        Assert.Contains(h.Observer.Timeline, t => t.Step == TimelineStep.StartupProbeSucceeded);
        var startupProbes = web.Execs.Count(e => e.Command[0] == "boot");

        for (var i = 0; i < 2; i++)
        {
            await StepAsync(h, web, TimeSpan.FromSeconds(5), failing: false);
        }

        // Once started, the startup probe never runs again for this instance; liveness and readiness do, from then on.
        // (The liveness tick at the very instant of the startup success may or may not see it yet.)
        Assert.Equal(startupProbes, web.Execs.Count(e => e.Command[0] == "boot"));
        Assert.InRange(web.Execs.Count(e => e.Command[0] == "live"), 2, 3);
        Assert.True(web.Execs.Count(e => e.Command[0] == "ready") >= 2);
        Assert.All(web.Execs.Where(e => e.Command[0] != "boot"), e => Assert.True(e.At >= startedAt));
    }

    [Fact]
    public async Task StartupFailure_KillsWithItsMessage_AndProbeGracePeriod()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["web"] = FakeSignalBehaviour.IgnoreStopSignal;
        var exits = ExecScript.On(h);
        exits.Set("boot", 1);
        h.Admit(Pod("""
            startupProbe:
              exec: {command: [boot]}
              failureThreshold: 2
              terminationGracePeriodSeconds: 4
        """));
        var web = await h.NextRunningAsync();
        await StepAsync(h, web, TimeSpan.FromSeconds(10));
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForStepAsync("web", TimelineStep.StopSignalSent);
        var signalled = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromSeconds(4));
        await h.Runtime.NextStartAsync();

        Assert.Contains(h.Observer.Events, e => e.Reason == "Killing" && e.Message == "Container web failed startup probe, will be restarted");
        Assert.Equal([(signalled, Signals.SigTerm), (signalled.AddSeconds(4), Signals.SigKill)], web.SignalsReceived);
        Assert.Contains(h.Observer.Timeline, t => t.Step == TimelineStep.StartupProbeFailed);
    }

    [Fact]
    public async Task LivenessKill_UsesTheProbesGracePeriod_PreStopCountsAgainstIt()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["web"] = FakeSignalBehaviour.IgnoreStopSignal;
        var exits = ExecScript.On(h);
        h.Admit(Pod("""
            livenessProbe:
              exec: {command: [live]}
              failureThreshold: 1
              terminationGracePeriodSeconds: 7
            lifecycle:
              preStop: {sleep: {seconds: 3}}
        """, grace: 60));
        var web = await h.NextRunningAsync();
        exits.Set("live", 1);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForStepAsync("web", TimelineStep.PreStopStarted);
        var killedAt = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromSeconds(3));
        await h.Observer.WaitForStepAsync("web", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(4));
        await h.Runtime.NextStartAsync();

        // 7 s in all: 3 s of preStop, then SIGTERM, then SIGKILL 4 s later (not the pod's 60 s).
        Assert.Equal([(killedAt.AddSeconds(3), Signals.SigTerm), (killedAt.AddSeconds(7), Signals.SigKill)], web.SignalsReceived);
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].RestartCount == 1);
        Assert.Equal(137, h.Container("web").LastState.Terminated.ExitCode);
    }

    [Theory]
    [InlineData("Never", "Container web failed liveness probe", 1, "Failed")]
    [InlineData("OnFailure", "Container web failed liveness probe, will be restarted", 2, "Running")]
    public async Task LivenessKill_RestartsUnlessPolicyIsNever(string policy, string message, int starts, string phase)
    {
        await using var h = new EngineHarness();
        var exits = ExecScript.On(h);
        exits.Set("live", 1);
        h.Admit(Pod("""
            livenessProbe:
              exec: {command: [live]}
              failureThreshold: 1
        """, policy));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "Killing"));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == phase && h.Runtime.All.Count == starts
            && (starts == 1 || o.LastStatus.Status.ContainerStatuses[0].State.Running is not null));

        Assert.Equal(message, h.Observer.Events.Single(e => e.Reason == "Killing").Message);
    }

    [Fact]
    public async Task HttpGet_ResolvesNamedPortAndPodIp_SendsHeaders_ReportsFailureText()
    {
        await using var h = new EngineHarness();
        h.Network.Answer = call => ProbeOutcome.Failure("HTTP probe failed with statuscode: 503");
        h.Admit(Pod("""
            readinessProbe:
              httpGet:
                path: healthz
                port: http
                httpHeaders: [{name: X-Probe, value: "1"}]
              timeoutSeconds: 3
        """));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "Unhealthy"));

        var call = h.Network.Calls[0];
        Assert.Equal(("http", "http://127.0.0.1:8080/healthz", TimeSpan.FromSeconds(3)), (call.Kind, call.Target, call.Timeout));
        Assert.Equal([new KeyValuePair<string, string>("X-Probe", "1")], call.Headers);
        Assert.Contains(h.Observer.Events, e => e.Message == "Readiness probe failed: HTTP probe failed with statuscode: 503");
    }

    [Fact]
    public async Task UnknownNamedPort_Errors_RetriedThreeTimes_ResultDiscarded()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("""
            livenessProbe:
              tcpSocket: {port: nope}
              failureThreshold: 1
        """));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForAsync(o => o.Events.Any(e => e.Reason == "Unhealthy"));

        Assert.Contains(h.Observer.Events, e => e.Message == "Liveness probe errored and resulted in unknown state: couldn't find port: nope in web");
        Assert.Empty(h.Network.Calls);
        Assert.DoesNotContain(h.Observer.Events, e => e.Reason == "Killing");
    }

    [Fact]
    public async Task ExecThatCannotStart_IsAnError_NotAFailure_AndNeverRestartsTheContainer()
    {
        // CRI ExecSync failing (a program not in the image) is not an exit code: the kubelet reports the attempt as
        // errored and throws it away, however many periods pass (pkg/probe/exec/exec.go, prober/worker.go).
        const string Error = "rpc error: code = Unknown desc = failed to exec in container: exec: \"live\": executable file not found in $PATH: unknown";
        await using var h = new EngineHarness();
        h.Runtime.Configure = c => c.OnExec = (_, _) => Task.FromException<ExecResult>(new ExecStartException(Error));
        h.Admit(Pod("""
            livenessProbe:
              exec: {command: [live]}
              periodSeconds: 1
              failureThreshold: 1
        """));
        var web = await h.NextRunningAsync();
        for (var period = 0; period < 5; period++)
        {
            await StepAsync(h, web, TimeSpan.FromSeconds(1));
        }

        Assert.True(Count(h, "Unhealthy", $"Liveness probe errored and resulted in unknown state: {Error}") >= 5);
        Assert.DoesNotContain(h.Observer.Events, e => e.Reason == "Killing");
        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.LivenessProbeFailed);
        Assert.Empty(web.SignalsReceived);
    }

    [Fact]
    public async Task TcpAndGrpc_ProbeThePodIp()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("""
            livenessProbe:
              tcpSocket: {port: 8080}
            readinessProbe:
              grpc: {port: 9090, service: api}
        """));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForAsync(_ => h.Network.Calls.Any(c => c.Kind == "tcp"));

        Assert.Contains(h.Network.Calls, c => c.Kind == "grpc" && c.Target == "127.0.0.1:9090/api");
        Assert.Contains(h.Network.Calls, c => c.Kind == "tcp" && c.Target == "127.0.0.1:8080");
    }

    [Fact]
    public async Task Deletion_ReadinessKeepsRunning_ContainerShowsUnreadyWhileItDrains()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["web"] = FakeSignalBehaviour.IgnoreStopSignal;
        var exits = ExecScript.On(h);
        h.Admit(Pod("""
            readinessProbe:
              exec: {command: [ready]}
              periodSeconds: 5
              failureThreshold: 1
        """, grace: 60));
        var web = await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == true);

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("web", TimelineStep.StopSignalSent);
        exits.Set("ready", 1);
        h.Time.Advance(TimeSpan.FromSeconds(5));

        // Published while the worker still waits for the container to die (SIGKILL is 55 s away).
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses[0].Ready == false);
        var status = h.Status;
        Assert.NotNull(status.Metadata.DeletionTimestamp);
        Assert.NotNull(status.Status.ContainerStatuses[0].State.Running);
        Assert.Equal(("False", "containers with unready status: [web]"), (status.Status.Conditions.Single(c => c.Type == "Ready").Status, status.Status.Conditions.Single(c => c.Type == "Ready").Message));
        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.KillSent);

        h.Time.Advance(TimeSpan.FromSeconds(55));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(137, h.Container("web").State.Terminated.ExitCode);
        Assert.Single(web.SignalsReceived, s => s.Signal == Signals.SigKill);
    }

    [Fact]
    public async Task LivenessKill_OtherContainersReadinessIsPublished_WhileTheKillWaits()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["web"] = FakeSignalBehaviour.IgnoreStopSignal;
        var exits = ExecScript.On(h);
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              terminationGracePeriodSeconds: 60
              containers:
              - name: web
                image: busybox
                command: [server]
                livenessProbe:
                  exec: {command: [live]}
                  periodSeconds: 10
                  failureThreshold: 1
              - name: side
                image: busybox
                command: [server]
                readinessProbe:
                  exec: {command: [ready]}
                  periodSeconds: 5
                  failureThreshold: 1
            """);
        await h.Runtime.NextStartAsync();
        await h.Runtime.NextStartAsync();
        // The kubelet lists container statuses by name: side, then web.
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses.Single(s => s.Name == "side").Ready == true);

        exits.Set("live", 1);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForStepAsync("web", TimelineStep.StopSignalSent);
        exits.Set("ready", 1);
        h.Time.Advance(TimeSpan.FromSeconds(5));

        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses.Single(s => s.Name == "side").Ready == false);
        Assert.NotNull(h.Container("web").State.Running);
        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.KillSent);
    }

    [Fact]
    public async Task PostStartHook_OtherContainersReadinessIsPublished_WhileTheHookBlocksThePass()
    {
        await using var h = new EngineHarness();
        var exits = ExecScript.On(h);
        var hook = new TaskCompletionSource<ExecResult>();
        var probes = h.Runtime.Configure!;
        h.Runtime.Configure = c =>
        {
            probes(c);
            var answer = c.OnExec;
            c.OnExec = (command, token) => command[0] == "hook" ? hook.Task.WaitAsync(token) : answer(command, token);
        };
        h.Admit("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - name: side
                image: busybox
                command: [server]
                readinessProbe:
                  exec: {command: [ready]}
                  periodSeconds: 5
                  failureThreshold: 1
              - name: web
                image: busybox
                command: [server]
                lifecycle:
                  postStart: {exec: {command: [hook]}}
            """);
        await h.Observer.WaitForStepAsync("web", TimelineStep.PostStartStarted);
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses.Single(s => s.Name == "side").Ready == true);

        exits.Set("ready", 1);
        h.Time.Advance(TimeSpan.FromSeconds(5));

        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses.Single(s => s.Name == "side").Ready == false);
        Assert.Equal("ContainerCreating", h.Container("web").State.Waiting?.Reason);
        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.PostStartSucceeded);

        hook.SetResult(new ExecResult(0, string.Empty, false));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses.Single(s => s.Name == "web").State.Running is not null);
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(5L, 5)]
    [InlineData(90L, 60)]
    public async Task DeletionDuringALivenessKill_CapsItsGracePeriod(long deletionGrace, int killedAfter)
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["web"] = FakeSignalBehaviour.IgnoreStopSignal;
        var exits = ExecScript.On(h);
        h.Admit(Pod("""
            livenessProbe:
              exec: {command: [live]}
              periodSeconds: 10
              failureThreshold: 1
        """, policy: "Never", grace: 60));
        var web = await h.Runtime.NextStartAsync();
        await h.WaitForRunningAsync(web);
        exits.Set("live", 1);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForStepAsync("web", TimelineStep.StopSignalSent);
        var signalledAt = h.Time.GetUtcNow();

        // A later deletion may only shorten the kill under way (a second Ctrl-C, kubectl delete --grace-period=0).
        h.Engine.DeleteAll(deletionGrace);
        if (killedAfter > 0)
        {
            h.Time.Advance(TimeSpan.FromSeconds(killedAfter - 1));
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await web.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        var kill = Assert.Single(web.SignalsReceived, s => s.Signal == Signals.SigKill);
        Assert.Equal(killedAfter, (kill.At - signalledAt).TotalSeconds);
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Deletion_StopsLivenessProbing()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["web"] = FakeSignalBehaviour.IgnoreStopSignal;
        var exits = ExecScript.On(h);
        h.Admit(Pod(Liveness, grace: 60));
        var web = await h.NextRunningAsync();
        exits.Set("live", 1);
        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("web", TimelineStep.StopSignalSent);
        for (var i = 0; i < 7; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(10));
        }

        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(web.Execs);
        Assert.Single(h.Observer.Events, e => e.Reason == "Killing");
        Assert.Contains(PodId, h.Observer.Events.Select(e => e.InvolvedObject.Name + "_default(" + e.InvolvedObject.Uid + ")"));
    }
}
