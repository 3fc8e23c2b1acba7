using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Engine.Chaos;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Events;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Pods;

/// <summary>One container's kill carried out without a pod worker: what it sends, when, and what it returns.</summary>
public sealed class ContainerKillerTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class Setup
    {
        public FakeTimeProvider Time { get; } = new(Epoch);

        public RecordingObserver Observer { get; } = new();

        public ContainerKiller Killer { get; }

        public Setup()
        {
            var events = new EventRecorder(new V1ObjectMeta { Name = "web", NamespaceProperty = "default" }, "node", Time, Observer.OnEvent);
            Killer = new ContainerKiller(new PodJournal("default", "web", events, Observer, Time), Time, deadlines: null, ChaosFaults.None);
        }

        public FakeContainer Start(string name, FakeSignalBehaviour behaviour) =>
            new(new ContainerLaunch(name + "-id", "default", "web", "uid", name, [name], [], null, "/dev/null"), Time, behaviour);
    }

    private static ContainerDefinition Container(string name, int index = 0, ContainerKind kind = ContainerKind.Regular) =>
        new(index, index, kind, new V1Container { Name = name, Image = "busybox" });

    private static KillOrder Order(ContainerDefinition container, FakeContainer instance, GraceWindow window, Task? turn = null) =>
        new(container, instance, "podvisor://" + instance.Id, Message: null, window, Signals.SigTerm, RunPreStop: null, turn, Start: null);

    [Fact]
    public async Task IgnoringTheStopSignal_SigkillAtTheGracePeriod_TheOutcomeSaysWhatWasSentAndWhen()
    {
        var s = new Setup();
        var app = s.Start("app", FakeSignalBehaviour.IgnoreStopSignal);

        var kill = s.Killer.KillAsync(Order(Container("app", index: 2), app, new GraceWindow(Epoch, 5)));
        s.Time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(kill.IsCompleted);
        s.Time.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = await kill.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((2, "podvisor://app-id", 137), (outcome.Index, outcome.ContainerId, outcome.Exit.ExitCode));
        Assert.Equal((Signals.SigTerm, Epoch), outcome.StopSignal);
        Assert.Equal(Epoch.AddSeconds(5), outcome.KillSentAt);
        Assert.Equal([(Epoch, Signals.SigTerm), (Epoch.AddSeconds(5), Signals.SigKill)], app.SignalsReceived);
        Assert.Contains(s.Observer.Events, e => e.Reason == "Killing" && e.Message == "Stopping container app");
        Assert.Equal([TimelineStep.StopSignalSent, TimelineStep.KillSent], s.Observer.Timeline.Select(t => t.Step));
    }

    [Fact]
    public async Task ExitingOnTheStopSignal_NoSigkill()
    {
        var s = new Setup();
        var app = s.Start("app", FakeSignalBehaviour.ExitOnStopSignal);

        var outcome = await s.Killer.KillAsync(Order(Container("app"), app, new GraceWindow(Epoch, 30))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(143, outcome.Exit.ExitCode);
        Assert.Equal((Signals.SigTerm, Epoch), outcome.StopSignal);
        Assert.Null(outcome.KillSentAt);
        Assert.Equal([Signals.SigTerm], app.SignalsReceived.Select(r => r.Signal));
    }

    [Fact]
    public async Task Forced_SigkillAtOnce_NoStopSignal()
    {
        var s = new Setup();
        var app = s.Start("app", FakeSignalBehaviour.IgnoreStopSignal);

        var outcome = await s.Killer.KillAsync(Order(Container("app"), app, new GraceWindow(Epoch, 0))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(outcome.StopSignal);
        Assert.Equal(Epoch, outcome.KillSentAt);
        Assert.Equal([(Epoch, Signals.SigKill)], app.SignalsReceived);
    }

    [Fact]
    public async Task Sidecar_GetsItsStopSignalOnlyWhenItsTurnComes_TheWaitCountingAgainstItsGrace()
    {
        var s = new Setup();
        var sidecar = s.Start("proxy", FakeSignalBehaviour.IgnoreStopSignal);
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var kill = s.Killer.KillAsync(Order(Container("proxy", kind: ContainerKind.Sidecar), sidecar, new GraceWindow(Epoch, 10), turn.Task));
        s.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(sidecar.SignalsReceived);
        turn.SetResult();
        await s.Observer.WaitForStepAsync("proxy", TimelineStep.StopSignalSent);
        s.Time.Advance(TimeSpan.FromSeconds(7));
        var outcome = await kill.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((Signals.SigTerm, Epoch.AddSeconds(3)), outcome.StopSignal);
        Assert.Equal(Epoch.AddSeconds(10), outcome.KillSentAt);
    }
}
