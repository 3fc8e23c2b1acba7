using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

/// <summary>A running pod's container image updated through the engine, as <c>kubectl set image</c> does (issue 12 item 9).</summary>
public sealed class PodWorkerSpecUpdateTests
{
    private const string Manifest = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 7
          containers:
          - name: app
            image: busybox:1.36
            command: [sh]
            lifecycle:
              preStop: {exec: {command: [drain]}}
          - name: side
            image: busybox:1.36
            command: [sh]
        """;

    [Fact]
    public async Task NewImage_KillsThatContainerWithPreStop_ThenStartsItOnTheNewImage_RestartCountOne()
    {
        await using var h = new EngineHarness();
        h.Admit(Manifest);
        var first = await h.Runtime.NextStartAsync();
        var side = await h.Runtime.NextStartAsync();
        await h.WaitForRunningAsync(first);
        await h.WaitForRunningAsync(side);
        var spec = EngineHarness.Pod(Manifest).Spec;
        spec.Containers[0].Image = "busybox:1.37";

        // A preStop that holds the kill, so the status can be read while the old instance still runs.
        var preStop = new TaskCompletionSource<ExecResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        first.OnExec = (_, _) => preStop.Task;

        var before = h.Status;
        h.Engine.UpdateSpec("default", "web", spec);

        await h.Observer.WaitForStepAsync("app", TimelineStep.PreStopStarted);
        Assert.Equal("docker.io/library/busybox:1.36", h.Container("app").Image);
        Assert.Equal("busybox:1.37", h.Status.Spec.Containers[0].Image);
        preStop.SetResult(new ExecResult(0, string.Empty, false));

        var second = await h.Runtime.NextStartAsync();
        await h.WaitForRunningAsync(second);
        var killing = Assert.Single(h.Observer.Events, e => e.Reason == "Killing");
        Assert.Equal("Container app definition changed, will be restarted", killing.Message);
        Assert.Equal("spec.containers{app}", killing.InvolvedObject.FieldPath);
        Assert.Equal(["drain"], Assert.Single(first.Execs).Command);
        Assert.Equal([Signals.SigTerm], first.SignalsReceived.Select(s => s.Signal));
        Assert.Contains(h.Observer.Timeline, t => t.Container == "app" && t.Step == TimelineStep.StopSignalSent && t.PayloadAs<StopSignalSentPayload>()?.RemainingGrace == TimeSpan.FromSeconds(7));
        Assert.Contains(h.Observer.Events, e => e.Reason == "Pulled" && e.Message == "Container image \"busybox:1.37\" already present on machine");

        var app = h.Container("app");
        Assert.Equal(1, app.RestartCount);
        Assert.Equal("docker.io/library/busybox:1.37", app.Image);
        Assert.Equal(143, app.LastState.Terminated.ExitCode);
        Assert.Equal("Running", h.Status.Status.Phase);
        Assert.Equal("busybox:1.37", h.Status.Spec.Containers[0].Image);

        // Snapshots share the admitted spec until the update, which the worker makes on a copy: an earlier one is unchanged.
        Assert.Equal("busybox:1.36", before.Spec.Containers[0].Image);
        Assert.NotSame(before.Spec, h.Status.Spec);

        // Only the changed container restarted; the other keeps its one instance.
        Assert.Empty(side.SignalsReceived);
        Assert.Equal(0, h.Container("side").RestartCount);
        Assert.Equal(3, h.Runtime.All.Count);
    }
}
