using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

public sealed class PodWorkerRestartTests
{
    private static string Pod(string policy, string lifecycle = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata: {"{"}name: web{"}"}
        spec:
          restartPolicy: {policy}
          containers:
          - name: app
            image: busybox
            command: [sh]
        {lifecycle}
        """;

    [Fact]
    public async Task CrashLoop_RestartsAt_0_10_20_40_80_160_300_300_SecondsAfterEachExit()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("Always"));
        var delays = new List<double>();
        var instance = await h.Runtime.NextStartAsync();
        for (var i = 0; i < 8; i++)
        {
            // Count once the worker has reported this instance, and before the exit: the worker may react
            // before this thread reads the timeline again.
            await h.WaitForRunningAsync(instance);
            var backOffs = h.Observer.Timeline.Count(t => t.Step == TimelineStep.BackOff);
            var spawns = h.Observer.Timeline.Count(t => t.Step == TimelineStep.ContainerSpawned);
            instance.Exit(1);
            var exitedAt = h.Time.GetUtcNow();
            await h.Observer.WaitForAsync(o =>
                o.Timeline.Count(t => t.Step == TimelineStep.BackOff) > backOffs || o.Timeline.Count(t => t.Step == TimelineStep.ContainerSpawned) > spawns);
            if (h.Observer.Timeline.Count(t => t.Step == TimelineStep.BackOff) > backOffs)
            {
                // Move fake time to exactly the restart the engine announced; restarting earlier would show in StartedAt.
                var until = h.Observer.Timeline.Last(t => t.Step == TimelineStep.BackOff).PayloadAs<BackOffPayload>()!.RestartAt;
                h.Time.Advance(until - h.Time.GetUtcNow());
            }

            var next = await h.Runtime.NextStartAsync();
            delays.Add((next.StartedAt - exitedAt).TotalSeconds);
            instance = next;
        }

        Assert.Equal([0, 10, 20, 40, 80, 160, 300, 300], delays);
        await h.WaitForRunningAsync(instance);
        Assert.Equal(8, h.Container("app").RestartCount);
    }

    [Fact]
    public async Task SecondCrash_ShowsCrashLoopBackOff_WithKubeletMessageAndLastState()
    {
        await using var h = new EngineHarness();
        h.Admit(Pod("Always"));
        (await h.Runtime.NextStartAsync()).Exit(3);
        (await h.Runtime.NextStartAsync()).Exit(4);
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses?[0].State.Waiting?.Reason == "CrashLoopBackOff");

        var status = h.Container("app");
        Assert.Equal("back-off 10s restarting failed container=app pod=web_default(00000000-0000-0000-0000-000000000001)", status.State.Waiting.Message);
        Assert.Equal(4, status.LastState.Terminated.ExitCode);
        Assert.Equal("Error", status.LastState.Terminated.Reason);
        Assert.Equal(1, status.RestartCount);
        Assert.Equal("Running", h.Status.Status.Phase);
        var backOff = Assert.Single(h.Observer.Events, e => e.Reason == "BackOff");
        Assert.Equal("Back-off restarting failed container app in pod web_default(00000000-0000-0000-0000-000000000001)", backOff.Message);
    }

    [Theory]
    [InlineData("Never", 0, "Succeeded", 1)]
    [InlineData("Never", 1, "Failed", 1)]
    [InlineData("OnFailure", 0, "Succeeded", 1)]
    [InlineData("OnFailure", 1, "Running", 2)]
    [InlineData("Always", 0, "Running", 2)]
    public async Task RestartPolicy_DecidesRestartAndPhase(string policy, int exitCode, string phase, int starts)
    {
        await using var h = new EngineHarness();
        h.Admit(Pod(policy));
        (await h.Runtime.NextStartAsync()).Exit(exitCode);
        if (starts == 2)
        {
            await h.Runtime.NextStartAsync();
            await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses?[0].RestartCount == 1);
        }
        else
        {
            await h.Engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(phase, h.Status.Status.Phase);
        Assert.Equal(starts, h.Runtime.All.Count);
    }

    [Fact]
    public async Task PostStart_KeepsContainerWaitingAndPodPending_UntilHookReturns()
    {
        await using var h = new EngineHarness();
        var hook = new TaskCompletionSource<ExecResult>();
        h.Runtime.Configure = c => c.OnExec = (_, _) => hook.Task;
        h.Admit(Pod("Always", """
                lifecycle:
                  postStart: {exec: {command: [sh, -c, "sleep 30"]}}
            """));
        await h.Runtime.NextStartAsync();
        await h.Observer.WaitForStepAsync("app", TimelineStep.PostStartStarted);

        Assert.Equal("Pending", h.Status.Status.Phase);
        Assert.Equal("ContainerCreating", h.Container("app").State.Waiting.Reason);
        Assert.False(h.Container("app").Started);
        Assert.Contains(h.Observer.Events, e => e.Reason == "Started");

        hook.SetResult(new ExecResult(0, string.Empty, false));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");
        Assert.NotNull(h.Container("app").State.Running);
        Assert.True(h.Container("app").Ready);
    }

    [Fact]
    public async Task FailedPostStart_EventKillRestart_WaitingPostStartHookError()
    {
        await using var h = new EngineHarness();
        h.Runtime.Configure = c => c.OnExec = (_, _) => Task.FromResult(new ExecResult(7, "boom", false));
        h.Admit(Pod("Never", """
                lifecycle:
                  postStart: {exec: {command: [sh, -c, "exit 7"]}}
            """));
        await h.Runtime.NextStartAsync();
        await h.Engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(h.Observer.Events, e => e.Reason == "FailedPostStartHook" && e.Message == "PostStartHook failed" && e.Type == "Warning");
        Assert.Contains(h.Observer.Events, e => e.Reason == "Killing" && e.Message == "FailedPostStartHook");
        Assert.Equal("Failed", h.Status.Status.Phase);
        Assert.Equal(143, h.Container("app").LastState.Terminated?.ExitCode ?? h.Container("app").State.Terminated?.ExitCode);
    }

    [Fact]
    public async Task StartFailure_RunContainerError_EventWithMessage()
    {
        await using var h = new EngineHarness();
        h.Runtime.StartFailures["app"] = "exec: \"nope\": executable file not found in $PATH";
        h.Admit(Pod("Never"));
        await h.Engine.WhenAllSettled.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(h.Observer.Events, e => e.Reason == "Failed" && e.Message == "Error: exec: \"nope\": executable file not found in $PATH");
        Assert.Equal("StartError", h.Container("app").State.Terminated.Reason);
        Assert.Equal(128, h.Container("app").State.Terminated.ExitCode);
    }
}
