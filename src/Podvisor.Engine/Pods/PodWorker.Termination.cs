using Podvisor.Engine.Containers;
using Podvisor.Engine.Events;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Probes;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Engine.Pods;

/// <summary>Pod termination and the per-container kill sequence (kubelet <c>killContainer</c>, docs/kubelet-behaviour.md §3–§4).</summary>
internal sealed partial class PodWorker
{
    private async Task TerminateAsync(GraceWindow deletion)
    {
        _wakeTimer?.Dispose();
        var now = _context.Time.GetUtcNow();
        var alreadyTerminal = _terminal;

        // The apiserver: deletionTimestamp = now + grace; a pod already in a terminal phase is removed at once.
        _pod.Metadata.DeletionGracePeriodSeconds = alreadyTerminal ? 0 : deletion.Seconds;
        _pod.Metadata.DeletionTimestamp = (alreadyTerminal ? now : now + TimeSpan.FromSeconds(deletion.Seconds)).UtcDateTime;
        _publishedMetadata = CopyMetadata();
        Timeline(null, TimelineStep.DeletionRequested, new DeletionRequestedPayload(deletion.Seconds));
        Publish();

        if (!alreadyTerminal)
        {
            await ServeReadinessWhileAsync(KillAllAsync(deletion)).ConfigureAwait(false);
            await RunDeferContainersAsync(deletion).ConfigureAwait(false);
            _terminal = true;
            Publish();
            Timeline(null, TimelineStep.PodTerminated, Snapshot.Status.Phase);
        }

        _settled.TrySetResult();
        await ReleaseSandboxAsync().ConfigureAwait(false);
        _volumes.Remove();
        Timeline(null, TimelineStep.PodRemoved, string.Empty);
        _removed.TrySetResult();
    }

    /// <summary>Every regular container has exited for good (or init failed under Never): stop the rest, go terminal.</summary>
    private async Task FinishAsync()
    {
        // Registered as a container kill, so a deletion arriving meanwhile shortens the defer phase too.
        var window = OpenContainerKill(_definition.TerminationGracePeriodSeconds);
        try
        {
            await ServeReadinessWhileAsync(KillAllAsync(window)).ConfigureAwait(false);
            await RunDeferContainersAsync(window).ConfigureAwait(false);
        }
        finally
        {
            CloseContainerKill(window);
        }

        // Nothing will start again: the kubelet stops a terminal pod's sandbox (its PID 1, the shared namespace).
        await ReleaseSandboxAsync().ConfigureAwait(false);
        _terminal = true;
        Publish();
        Timeline(null, TimelineStep.PodTerminated, Snapshot.Status.Phase);
        _settled.TrySetResult();
    }

    /// <summary>
    /// Kills every running container concurrently, one task each, as <c>killContainersWithSyncResult</c> does.
    /// With sidecars (kuberuntime_termination_order.go) each sidecar's stop signal waits until every app
    /// container and every later sidecar has stopped, so sidecars go last, in reverse spec order.
    /// </summary>
    private async Task KillAllAsync(GraceWindow window)
    {
        // One start for every kill: they run concurrently, and a sidecar's turn is measured from here.
        var start = _context.Time.GetUtcNow();
        var kills = new List<Task>();
        foreach (var record in _records.Where(r => r.Definition.Kind != ContainerKind.Sidecar))
        {
            if (record.Current is { IsRunning: true } && _instances.TryGetValue(record.Definition.Index, out var instance))
            {
                kills.Add(KillContainerAsync(record.Definition, instance, message: null, window, startedAt: start));
            }
        }

        var turn = Task.WhenAll(kills);
        foreach (var record in _records.Where(r => r.Definition.Kind == ContainerKind.Sidecar).Reverse())
        {
            if (record.Current is { IsRunning: true } && _instances.TryGetValue(record.Definition.Index, out var instance))
            {
                var kill = KillContainerAsync(record.Definition, instance, message: null, window, turn, start);
                kills.Add(kill);
                turn = Task.WhenAll(turn, kill);
            }
        }

        await Task.WhenAll(kills).ConfigureAwait(false);
    }

    /// <summary>SyncPod step 3: kill the containers whose liveness or startup probe failed, concurrently.</summary>
    private Task KillForProbesAsync(IReadOnlyList<ProbeKill> kills) =>
        KillRunningAsync(kills.Select(kill =>
        {
            // setTerminationGracePeriod: the failing probe's own grace period, if set, wins over the pod's.
            var probe = kill.Probe == ProbeKind.Liveness ? kill.Container.Liveness : kill.Container.Startup;
            return new ContainerKillRequest(
                kill.Container,
                kill.Message,
                KillPlanner.ProbeKillGraceSeconds(_definition.TerminationGracePeriodSeconds, probe?.TerminationGracePeriodSeconds),
                (record, id) => record with { ProbeKilledContainerId = id });
        }));

    /// <summary>
    /// Kills running containers concurrently (killContainer for each), marking each record with the instance it
    /// kills so the planner knows why it exited; readiness keeps being published meanwhile.
    /// </summary>
    private async Task KillRunningAsync(IEnumerable<ContainerKillRequest> requests)
    {
        var tasks = new List<Task>();
        var windows = new List<GraceWindow>();
        foreach (var request in requests)
        {
            var index = request.Container.Index;
            var record = _records[index];
            if (record.Current is not { } current || !_instances.TryGetValue(index, out var instance))
            {
                continue;
            }

            _records[index] = request.Mark(record, current.ContainerId);
            var window = OpenContainerKill(request.GracePeriodSeconds);
            windows.Add(window);
            tasks.Add(KillContainerAsync(request.Container, instance, request.Message, window));
        }

        try
        {
            await ServeReadinessWhileAsync(Task.WhenAll(tasks)).ConfigureAwait(false);
        }
        finally
        {
            windows.ForEach(CloseContainerKill);
        }
    }

    /// <param name="turn">For a sidecar: completes when every container that must stop before it has stopped.</param>
    /// <param name="startedAt">When the pod's kill began (all its containers' kills start together), else now.</param>
    private async Task KillContainerAsync(
        ContainerDefinition container, IRunningContainer instance, string? message, GraceWindow window, Task? turn = null, DateTimeOffset? startedAt = null)
    {
        var time = _context.Time;
        Record(container, EventType.Normal, EventReasons.Killing, message ?? $"Stopping container {container.Name}");

        // The grace arithmetic is KillPlanner's; this method only waits and signals, adding each instant it measures
        // to the facts and asking for the plan again (with any later deletion, read afresh, in force).
        var facts = new KillFacts(
            window.Seconds,
            startedAt ?? time.GetUtcNow(),
            HasPreStop: container.PreStop is not null && !instance.Exited.IsCompleted,
            IsSidecar: turn is not null);
        KillPlan Plan() => KillPlanner.Plan(facts with { LaterDeletion = window.Later });
        DateTimeOffset? killedAt = null;

        if (Plan().RunsPreStop && container.PreStop is { } preStop)
        {
            // The hook's end is the instant its final timeline step shows, so whoever reads the timeline (the
            // termination explanation) can redo the whole-second arithmetic exactly.
            var ended = await RunPreStopAsync(container, preStop, instance, window, facts.Start, () => Plan().PreStopDeadline).ConfigureAwait(false);
            facts = facts with { PreStopEnded = ended };
        }

        if (Plan().WaitsForTurn && turn is not null)
        {
            // A sidecar waits for its turn within what is left of the grace period; the wait counts against it.
            await window.WaitAsync(turn, () => Plan().TurnDeadline, time).ConfigureAwait(false);
            facts = facts with { TurnEnded = time.GetUtcNow() };
        }

        if (!Plan().Forced)
        {
            facts = facts with { Hold = await HoldStopSignalAsync(container, instance, window, Plan().GraceAfterTurn).ConfigureAwait(false) };
        }

        if (!Plan().Forced)
        {
            var signal = StopSignalOf(container, instance);
            instance.Signal(signal);

            // Fixed before the step is reported, so an observer moving the clock on that step cannot shift it; the step
            // carries the same instant, so the timeline shows SIGKILL no sooner than the grace after the signal.
            var sentAt = time.GetUtcNow();
            facts = facts with { SignalSentAt = sentAt };
            Timeline(container, TimelineStep.StopSignalSent, new StopSignalSentPayload(Signals.NameOf(signal), Plan().StopGrace), sentAt);
            killedAt = await GraceKillWait.WaitAsync(
                window, instance, () => Plan().KillAt ?? time.GetUtcNow(), time, _context.Runtime.KillDeadlines).ConfigureAwait(false);
        }

        if (killedAt is { } at)
        {
            // Sent by the runtime's precise path at the deadline the engine armed, unless the exit this worker had not
            // handled yet shows the process ended on its own (kubelet: StopContainer returns once the process exits).
            if (!ExitedOnItsOwn(instance))
            {
                Timeline(container, TimelineStep.KillSent, new KillSentPayload(Plan().Forced), at);
            }
        }
        else if (!instance.Exited.IsCompleted)
        {
            instance.Signal(Signals.SigKill);
            Timeline(container, TimelineStep.KillSent, new KillSentPayload(Plan().Forced));
        }

        var exit = await instance.Exited.ConfigureAwait(false);
        RecordExit(container.Index, ContainerIdOf(instance), exit);
    }

    /// <summary>
    /// The instance's exit is known and was not SIGKILL's: a kill that raced with it (many exits waiting to be handled
    /// when the deadline came) reached no running process, so it is not reported.
    /// </summary>
    private static bool ExitedOnItsOwn(IRunningContainer instance) =>
        instance.Exited.IsCompletedSuccessfully
        && instance.Exited.Result is var exit
        && exit.Signal != Signals.SigKill
        && exit.ExitCode != 128 + Signals.SigKill;

    /// <param name="start">When the container's kill began: the kubelet's <c>start</c>, from which the hook's seconds count.</param>
    /// <returns>When the hook ended (or was given up), as its final timeline step shows.</returns>
    private async Task<DateTimeOffset> RunPreStopAsync(
        ContainerDefinition container, HookHandler preStop, IRunningContainer instance, GraceWindow window, DateTimeOffset start, Func<DateTimeOffset> deadline)
    {
        using var abandon = new CancellationTokenSource();
        var hook = RunHookAsync(Chaos.HookPhase.PreStop, container, preStop, instance, abandon.Token);

        // Reported once the hook is under way (a sleep hook's timer exists), so whoever sees this step may move time;
        // stamped with the kill's start, the instant the kubelet counts the hook's seconds from.
        Timeline(container, TimelineStep.PreStopStarted, preStop.GetType().Name, start);
        await window.WaitAsync(hook, deadline, _context.Time).ConfigureAwait(false);
        if (!hook.IsCompleted)
        {
            // Not waited for any longer (kubelet: no event, only a log line); abandoned to die with the container.
            await abandon.CancelAsync().ConfigureAwait(false);
            var givenUp = _context.Time.GetUtcNow();
            Timeline(container, TimelineStep.PreStopTimedOut, "grace period exhausted", givenUp);
            return givenUp;
        }

        var result = await hook.ConfigureAwait(false);
        var ended = _context.Time.GetUtcNow();
        if (result.Succeeded)
        {
            HookEnded(container, TimelineStep.PreStopSucceeded, string.Empty, result, start, ended);
            return ended;
        }

        Record(container, EventType.Warning, EventReasons.FailedPreStopHook, "PreStopHook failed");
        HookEnded(container, TimelineStep.PreStopFailed, result.Message, result, start, ended);
        return ended;
    }

    private int StopSignalOf(ContainerDefinition container, IRunningContainer instance)
    {
        if (container.Spec.Lifecycle?.StopSignal is null && instance is IRuntimeStopSignal { DefaultStopSignal: { } chosen })
        {
            return chosen;
        }

        var name = container.Spec.Lifecycle?.StopSignal ?? _context.Images.Find(container.Image)?.StopSignal;
        return name is not null && Signals.TryParse(name, out var signal) ? signal : Signals.SigTerm;
    }
}
