using Podvisor.Engine.Hooks;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Hooks;

/// <summary>
/// What a hook's closing timeline step records (typed, not text): an exec's exit code and output, an httpGet's status
/// code and body start, a sleep's duration, each with the hook's duration on fake time; the kubelet's failure message unchanged.
/// </summary>
public sealed class HookOutcomeTests
{
    private static string Pod(string lifecycle, string ports = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata: {"{"}name: web{"}"}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 30
          containers:
          - name: app
            image: busybox
            command: [sh]
        {ports}
            lifecycle:
        {lifecycle}
        """;

    [Fact]
    public async Task ExecPostStart_Succeeds_RecordsExitCode0OutputAndDuration()
    {
        await using var h = new EngineHarness();
        var hook = new TaskCompletionSource<ExecResult>();
        h.Runtime.Configure = c => c.OnExec = (_, _) => hook.Task;
        h.Admit(Pod("      postStart: {exec: {command: [sh, -c, 'echo warmed up']}}"));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PostStartStarted);

        h.Time.Advance(TimeSpan.FromMilliseconds(2500));
        hook.SetResult(new ExecResult(0, "warmed up\n", false));
        await h.Observer.WaitForStepAsync("app", TimelineStep.PostStartSucceeded);

        var outcome = Ended(h, TimelineStep.PostStartSucceeded);
        Assert.Equal(new ExecHookOutput(0, "warmed up\n", false), outcome.Output);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), outcome.Duration);
    }

    [Fact]
    public async Task ExecPostStart_Fails_RecordsExitCodeAndOutput_KubeletMessageUnchanged()
    {
        await using var h = new EngineHarness();
        h.Runtime.Configure = c => c.OnExec = (_, _) => Task.FromResult(new ExecResult(7, "no config\n", false));
        h.Admit(Pod("      postStart: {exec: {command: [sh, -c, 'exit 7']}}"));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PostStartFailed);

        var entry = h.Observer.Timeline.Single(t => t.Step == TimelineStep.PostStartFailed);
        Assert.Equal(new ExecHookOutput(7, "no config\n", false), entry.Hook?.Output);
        Assert.Equal(
            "Exec lifecycle hook ([sh -c exit 7]) for Container \"app\" in Pod \"web_default(00000000-0000-0000-0000-000000000001)\" failed - error: command 'sh -c exit 7' exited with 7: no config\n, message: \"no config\n\"",
            entry.Detail);
    }

    [Fact]
    public async Task ExecPreStop_OutputOver10KiB_KeepsTheFirst10KiB_MarkedTruncated()
    {
        await using var h = new EngineHarness();
        var output = new string('x', 20_000);
        h.Runtime.Configure = c => c.OnExec = (_, _) => Task.FromResult(new ExecResult(0, output, false));
        h.Admit(Pod("      preStop: {exec: {command: [drain]}}"));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PreStopSucceeded);

        var recorded = Assert.IsType<ExecHookOutput>(Ended(h, TimelineStep.PreStopSucceeded).Output);
        Assert.Equal(0, recorded.ExitCode);
        Assert.Equal(10 * 1024, recorded.Output.Length);
        Assert.True(recorded.Truncated);
    }

    [Fact]
    public async Task SleepPreStop_RecordsRequestedSeconds_AndTheTimeItTook()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("      preStop: {sleep: {seconds: 3}}"));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PreStopStarted);
        h.Time.Advance(TimeSpan.FromSeconds(3));
        await h.Observer.WaitForStepAsync("app", TimelineStep.PreStopSucceeded);

        var outcome = Ended(h, TimelineStep.PreStopSucceeded);
        Assert.Equal(new SleepHookOutput(TimeSpan.FromSeconds(3)), outcome.Output);
        Assert.Equal(TimeSpan.FromSeconds(3), outcome.Duration);
    }

    [Fact]
    public async Task HttpGetPostStart_Status503_StillSucceeds_RecordsStatusAndBodyStart()
    {
        await using var server = new LoopbackHttpServer(503, "warming: " + new string('y', 12_000));
        await using var h = new EngineHarness();
        h.Admit(Pod($"      postStart: {{httpGet: {{path: ready, port: {server.Port}}}}}"));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PostStartSucceeded);

        var recorded = Assert.IsType<HttpGetHookOutput>(Ended(h, TimelineStep.PostStartSucceeded).Output);
        Assert.Equal(503, recorded.StatusCode);
        Assert.StartsWith("warming: yyy", recorded.Body, StringComparison.Ordinal);
        Assert.Equal(10 * 1024, recorded.Body.Length);
        Assert.True(recorded.Truncated);
        Assert.Equal(["GET /ready HTTP/1.1"], server.Requests);
    }

    [Fact]
    public async Task HttpGetPreStop_NobodyListening_FailsWithNoStatus_KubeletMessage()
    {
        int port;
        await using (var closed = new LoopbackHttpServer(200, string.Empty))
        {
            port = closed.Port;
        }

        await using var h = new EngineHarness();
        h.Admit(Pod($"      preStop: {{httpGet: {{path: /stop, port: {port}}}}}"));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PreStopFailed);

        var entry = h.Observer.Timeline.Single(t => t.Step == TimelineStep.PreStopFailed);
        Assert.Equal(new HttpGetHookOutput(null, string.Empty, false), entry.Hook?.Output);
        Assert.StartsWith("HTTP lifecycle hook (/stop) for Container \"app\" in Pod \"web_default(", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("connect: connection refused", entry.Detail, StringComparison.Ordinal);
    }

    private static HookOutcome Ended(EngineHarness h, TimelineStep step) =>
        h.Observer.Timeline.Single(t => t.Container == "app" && t.Step == step).Hook
        ?? throw new Xunit.Sdk.XunitException($"{step} carries no hook outcome");
}
