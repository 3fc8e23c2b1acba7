using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

/// <summary>
/// A container that exits on its stop signal before the grace period ends is never reported killed, even when the
/// deadline passes before the pod worker has handled that exit (many pods stopping at once): the kubelet's
/// StopContainer returns once the process has exited, and SIGKILL is only for what still runs.
/// </summary>
public sealed class KillAfterExitTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: 5
          containers:
          - name: app
            image: busybox
            command: [sh]
        """;

    [Fact]
    public async Task FakeClock_ExitKnownBeforeTheDeadline_WorkerLate_NoKillSent_ExitCodeAsGiven()
    {
        await using var h = new EngineHarness();
        h.Runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        h.Admit(Pod);
        var app = await h.NextRunningAsync();

        h.Engine.DeleteAll();
        await h.Observer.WaitForStepAsync("app", TimelineStep.StopSignalSent);

        // The process exits on its own (code 0), then the deadline passes at once: whichever the worker sees first, no kill.
        app.Exit(0);
        h.Time.Advance(TimeSpan.FromSeconds(6));
        await h.Engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(h.Observer.Timeline, t => t.Step == TimelineStep.KillSent);
        Assert.Equal([Signals.SigTerm], app.SignalsReceived.Select(s => s.Signal));
        var terminated = h.Observer.LastStatus!.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("Completed", terminated.Reason);
    }

    [Fact]
    public async Task RealClock_RuntimeFiresAfterAnExitTheWorkerHasNotHandled_NoKillSent_ExitCodeAsGiven()
    {
        // A runtime whose kill timer fires at the deadline although the process had already exited with 0 (the exit
        // known to the runtime, not yet to the worker): the engine must see that exit and report no kill.
        var deadlines = new ExitThenFireDeadlines();
        var (runtime, observer, engine) = RealClockEngine(deadlines);
        await using var _ = engine;
        engine.Admit(EngineHarness.Pod(Pod));
        var app = await runtime.NextStartAsync();
        await observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        engine.DeleteAll();
        await engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, deadlines.Fired);
        Assert.DoesNotContain(observer.Timeline, t => t.Step == TimelineStep.KillSent);
        Assert.Equal(0, observer.LastStatus!.Status.ContainerStatuses.Single().State.Terminated.ExitCode);
        Assert.Single(observer.Timeline, t => t.Step == TimelineStep.ContainerExited);
    }

    [Fact]
    public async Task RealClock_RuntimeKillsARunningProcess_KillSentReported_Exit137()
    {
        // The counterpart: the same race where the kill did reach the process (it died of SIGKILL) is still reported.
        var deadlines = new RecordingKillDeadlines();
        var (runtime, observer, engine) = RealClockEngine(deadlines);
        await using var _ = engine;
        engine.Admit(EngineHarness.Pod(Pod));
        await runtime.NextStartAsync();
        await observer.WaitForAsync(o => o.LastStatus?.Status.Phase == "Running");

        engine.DeleteAll();
        await engine.WhenAllRemoved.WaitAsync(TimeSpan.FromSeconds(10));

        // RecordingKillDeadlines kills (the fake exits 137 at once) and completes Sent: both known when the worker resumes.
        Assert.Single(observer.Timeline, t => t.Step == TimelineStep.KillSent);
        Assert.Equal(137, observer.LastStatus!.Status.ContainerStatuses.Single().State.Terminated.ExitCode);
    }

    /// <summary>An engine on the real clock whose runtime arms kills with <paramref name="deadlines"/>; "app" ignores SIGTERM.</summary>
    private static (FakeContainerRuntime Runtime, RecordingObserver Observer, PodEngine Engine) RealClockEngine(IKillDeadlines deadlines)
    {
        var runtime = new FakeContainerRuntime(TimeProvider.System) { KillDeadlines = deadlines };
        runtime.Behaviour["app"] = FakeSignalBehaviour.IgnoreStopSignal;
        var observer = new RecordingObserver();
        var options = new EngineOptions { NodeName = "node1", StateDirectory = Path.Combine(Path.GetTempPath(), "podvisor-tests", Guid.NewGuid().ToString("N")) };
        return (runtime, observer, new PodEngine(runtime, new StaticImageCatalog(), observer, options, TimeProvider.System));
    }

    /// <summary>Plays a kill timer that fires after the process has exited on its own: the exit first, then "sent".</summary>
    private sealed class ExitThenFireDeadlines : IKillDeadlines
    {
        private int _fired;

        public int Fired => Volatile.Read(ref _fired);

        public IArmedKill Arm(IRunningContainer container, DateTimeOffset deadline)
        {
            ((FakeContainer)container).Exit(0);
            Interlocked.Increment(ref _fired);
            return new AlreadySent(deadline);
        }

        private sealed class AlreadySent(DateTimeOffset at) : IArmedKill
        {
            public Task<DateTimeOffset> Sent { get; } = Task.FromResult(at);

            public void Dispose()
            {
            }
        }
    }
}
