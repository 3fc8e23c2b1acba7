using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

/// <summary>
/// The grace period's SIGKILL through a runtime's precise path (<see cref="IKillDeadlines"/>): the engine arms it at
/// the deadline it computed and reports the kill at the instant the runtime sent it, never sending a second one.
/// </summary>
public sealed class PreciseKillTests
{
    private static string Pod(int grace) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: {{grace}}
          containers:
          - name: app
            image: busybox
            command: [sh]
        """;

    private static (PodEngine Engine, FakeContainerRuntime Runtime, RecordingObserver Observer) RealTimeEngine(RecordingKillDeadlines deadlines)
    {
        var runtime = new FakeContainerRuntime(TimeProvider.System) { KillDeadlines = deadlines };
        runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        var observer = new RecordingObserver();
        var options = new EngineOptions { NodeName = "node1", StateDirectory = Path.Combine(Path.GetTempPath(), "podvisor-tests", Guid.NewGuid().ToString("N")) };
        return (new PodEngine(runtime, new StaticImageCatalog(), observer, options, TimeProvider.System), runtime, observer);
    }

    [Fact]
    public async Task RealClock_KillArmedAtGraceDeadline_ReportedAtTheRuntimesInstant_SentOnce()
    {
        var deadlines = new RecordingKillDeadlines();
        var (engine, runtime, observer) = RealTimeEngine(deadlines);
        await using var _ = engine;
        engine.Admit(EngineHarness.Pod(Pod(grace: 5)));
        var app = await runtime.NextStartAsync();
        await observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        engine.DeleteAll();
        await engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        var stop = observer.Timeline.Single(t => t.Step == TimelineStep.StopSignalSent);
        var kill = observer.Timeline.Single(t => t.Step == TimelineStep.KillSent);
        var armed = Assert.Single(deadlines.All);
        // The stop signal went through the runtime's precise path too, and the grace counts from the instant it gave.
        Assert.Equal((Signals.SigTerm, stop.At), Assert.Single(deadlines.Signalled));
        Assert.Equal(stop.At + TimeSpan.FromSeconds(5), armed.Deadline);
        Assert.Equal(armed.Deadline, kill.At);
        Assert.Equal(new KillSentPayload(Forced: false), kill.Payload);
        Assert.Equal([Signals.SigTerm, Signals.SigKill], app.SignalsReceived.Select(s => s.Signal));
        Assert.Equal(137, observer.LastStatus!.Status.ContainerStatuses.Single().State.Terminated.ExitCode);
    }

    [Fact]
    public async Task RealClock_ShortenedDeletion_DisarmsTheFirstKill_AndArmsTheNewDeadline()
    {
        // The first deadline (30 s away) stays armed; a forced deletion must replace it by one at once.
        var deadlines = new RecordingKillDeadlines { FireWithin = TimeSpan.FromSeconds(1) };
        var (engine, runtime, observer) = RealTimeEngine(deadlines);
        await using var _ = engine;
        engine.Admit(EngineHarness.Pod(Pod(grace: 30)));
        var app = await runtime.NextStartAsync();
        await observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        engine.DeleteAll();
        await observer.WaitForAsync(_ => deadlines.All.Count == 1);
        engine.DeleteAll(gracePeriodSeconds: 0);
        await engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        var stop = observer.Timeline.Single(t => t.Step == TimelineStep.StopSignalSent);
        Assert.Equal(2, deadlines.All.Count);
        Assert.Equal(stop.At + TimeSpan.FromSeconds(30), deadlines.All[0].Deadline);
        Assert.True(deadlines.All[0].Disposed);
        Assert.False(deadlines.All[0].Sent.IsCompleted);
        Assert.Equal(deadlines.All[1].Deadline, observer.Timeline.Single(t => t.Step == TimelineStep.KillSent).At);
        Assert.Equal(new KillSentPayload(Forced: true), observer.Timeline.Single(t => t.Step == TimelineStep.KillSent).Payload);
        Assert.Equal([Signals.SigTerm, Signals.SigKill], app.SignalsReceived.Select(s => s.Signal));
    }

    [Fact]
    public async Task FakeClock_NeverArmsThePrecisePath_TheEngineKillsOnItsOwnTimer()
    {
        await using var h = new EngineHarness();
        var deadlines = new RecordingKillDeadlines();
        h.Runtime.KillDeadlines = deadlines;
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod(grace: 5));
        var app = await h.NextRunningAsync();
        var t0 = h.Time.GetUtcNow();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(deadlines.All);
        Assert.Equal([(t0, Signals.SigTerm), (t0 + TimeSpan.FromSeconds(5), Signals.SigKill)], app.SignalsReceived);
    }
}
