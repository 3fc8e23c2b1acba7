using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

/// <summary>
/// The worker as one actor: while a pass waits for a kill, its loop goes on applying what arrives (exits, probe
/// results) in arrival order and publishes each change; a deletion that comes meanwhile shortens the kill under way.
/// </summary>
public sealed class PodWorkerActorTests
{
    private const string StartupProbe = """
            startupProbe:
              exec: {command: [started]}
              periodSeconds: 5
              failureThreshold: 10
        """;

    /// <summary><c>web</c> has the probes that drive the tests; <c>other</c> gets whatever probe a test appends.</summary>
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: 30
          containers:
          - name: web
            image: busybox
            command: [server]
            livenessProbe:
              exec: {command: [live]}
              periodSeconds: 10
              failureThreshold: 1
            readinessProbe:
              exec: {command: [ready]}
              periodSeconds: 5
              failureThreshold: 1
          - name: other
            image: busybox
            command: [worker]
        """;

    /// <summary>Starts the pod and has <c>web</c>'s liveness probe fail once (threshold 1): its kill waits out 30 s of grace.</summary>
    /// <param name="othersProbe">A probe for <c>other</c> (its exec commands answer from the returned table).</param>
    private static async Task<(FakeContainer Web, FakeContainer Other, ExecScript Exits, DateTimeOffset SignalAt)> KillWebAsync(
        EngineHarness h, string othersProbe = "", Action<ExecScript>? before = null)
    {
        var exits = ExecScript.On(h);
        before?.Invoke(exits);
        h.Runtime.Behaviour["web"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod + "\n" + othersProbe);
        var started = new[] { await h.Runtime.NextStartAsync(), await h.Runtime.NextStartAsync() };
        var web = started.Single(c => c.Launch.ContainerName == "web");
        var other = started.Single(c => c.Launch.ContainerName == "other");
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses?.Single(s => s.Name == "web").Ready == true);

        exits.Set("live", 1);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Observer.WaitForStepAsync("web", TimelineStep.StopSignalSent);
        return (web, other, exits, web.SignalsReceived.Single().At);
    }

    [Fact]
    public async Task ExitThenReadinessResult_WhileAKillWaits_AreAppliedInArrivalOrder_AndTheReadinessPublishShowsBoth()
    {
        await using var h = new EngineHarness();
        var (web, other, exits, _) = await KillWebAsync(h);

        // Both arrive while web's kill waits for its grace period: first other exits, then web's readiness fails.
        other.Exit(3);
        await h.Observer.WaitForStepAsync("other", TimelineStep.ContainerExited);
        exits.Set("ready", 1);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses.Single(s => s.Name == "web").Ready == false);

        // Published while the kill still waits (as the kubelet's status manager publishes readiness), with the exit
        // that came before it already applied.
        Assert.False(web.Exited.IsCompleted);
        Assert.Equal([Signals.SigTerm], web.SignalsReceived.Select(s => s.Signal));
        var status = h.Status.Status.ContainerStatuses;
        Assert.Equal(3, status.Single(s => s.Name == "other").State.Terminated.ExitCode);
        Assert.NotNull(status.Single(s => s.Name == "web").State.Running);
        var steps = h.Observer.Timeline
            .Where(t => (t.Container, t.Step) is ("web", TimelineStep.ContainerNotReady) or ("other", TimelineStep.ContainerExited))
            .Select(t => t.Step);
        Assert.Equal([TimelineStep.ContainerExited, TimelineStep.ContainerNotReady], steps);

        // The kill then ends as it would have: SIGKILL at the grace period, and the liveness restart follows.
        h.Time.Advance(TimeSpan.FromSeconds(25));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses.Single(s => s.Name == "web").RestartCount == 1);
        Assert.Equal(137, (await web.Exited).ExitCode);
    }

    [Fact]
    public async Task LaterShorterDeletion_ShortensALivenessKillUnderWay()
    {
        await using var h = new EngineHarness();
        var (web, _, _, signalAt) = await KillWebAsync(h);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        var deletedAt = h.Time.GetUtcNow();
        h.Engine.DeleteAll(gracePeriodSeconds: 5);
        h.Time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(web.Exited.IsCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        // SIGKILL when the deletion's 5 s end, not at the liveness kill's own 30 s; the pod's termination then kills nothing twice.
        Assert.Equal([(signalAt, Signals.SigTerm), (deletedAt + TimeSpan.FromSeconds(5), Signals.SigKill)], web.SignalsReceived);
        Assert.Single(h.Observer.Timeline, t => t.Container == "web" && t.Step == TimelineStep.KillSent);
    }

    [Fact]
    public async Task StartupSuccess_WhileAnotherContainersKillWaits_IsPublishedAtOnce()
    {
        await using var h = new EngineHarness();
        var (web, other, exits, _) = await KillWebAsync(h, StartupProbe, exits => exits.Set("started", 1));
        Assert.False(h.Container("other").Started);

        // The kubelet's prober manager hands a startup result to the status manager without waiting for the pod worker.
        exits.Set("started", 0);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Observer.WaitForAsync(o => o.LastStatus?.Status.ContainerStatuses.Single(s => s.Name == "other").Started == true);

        Assert.False(web.Exited.IsCompleted);
        Assert.Equal([Signals.SigTerm], web.SignalsReceived.Select(s => s.Signal));
        Assert.Contains(h.Observer.Timeline, t => t.Container == "other" && t.Step == TimelineStep.StartupProbeSucceeded);
        Assert.Empty(other.SignalsReceived);
    }
}
