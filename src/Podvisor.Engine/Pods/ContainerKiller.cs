using Podvisor.Engine.Chaos;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Events;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Engine.Pods;

/// <summary>
/// Carries out one container's kill as the kubelet's <c>killContainer</c> does (docs/kubelet-behaviour.md §3–§4): the
/// <c>Killing</c> event, preStop, a sidecar's wait for its turn, the stop signal, the grace wait and SIGKILL. The grace
/// arithmetic is <see cref="KillPlanner"/>'s; this only waits and signals, adding each instant it measures to the facts
/// and asking for the plan again (with any later deletion, read afresh from the window, in force). It reports through
/// the pod's <see cref="PodJournal"/> and returns a <see cref="KillOutcome"/>; it never touches the worker's state.
/// </summary>
internal sealed class ContainerKiller(PodJournal journal, TimeProvider time, IKillDeadlines? deadlines, ChaosFaults faults)
{
    public async Task<KillOutcome> KillAsync(KillOrder order)
    {
        var (container, instance, window) = (order.Container, order.Instance, order.Window);
        journal.Event(container, EventType.Normal, EventReasons.Killing, order.Message ?? $"Stopping container {container.Name}");

        var facts = new KillFacts(
            window.Seconds,
            order.Start ?? time.GetUtcNow(),
            HasPreStop: order.RunPreStop is not null && !instance.Exited.IsCompleted,
            IsSidecar: order.Turn is not null);
        KillPlan Plan() => KillPlanner.Plan(facts with { LaterDeletion = window.Later });
        DateTimeOffset? killedAt = null;
        (int, DateTimeOffset)? stopSignal = null;

        if (Plan().RunsPreStop && order.RunPreStop is { } runPreStop && container.PreStop is { } preStop)
        {
            // The hook's end is the instant its final timeline step shows, so whoever reads the timeline (the
            // termination explanation) can redo the whole-second arithmetic exactly.
            var ended = await RunPreStopAsync(container, preStop, runPreStop, window, facts.Start, () => Plan().PreStopDeadline).ConfigureAwait(false);
            facts = facts with { PreStopEnded = ended };
        }

        if (Plan().WaitsForTurn && order.Turn is { } turn)
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
            // Fixed before the step is reported, so an observer moving the clock on that step cannot shift it; the step
            // carries the same instant, so the timeline shows SIGKILL no sooner than the grace after the signal.
            var sentAt = await SendStopSignalAsync(instance, order.StopSignal).ConfigureAwait(false);
            facts = facts with { SignalSentAt = sentAt };
            stopSignal = (order.StopSignal, sentAt);
            journal.Step(container, TimelineStep.StopSignalSent, new StopSignalSentPayload(Signals.NameOf(order.StopSignal), Plan().StopGrace), sentAt);
            killedAt = await GraceKillWait.WaitAsync(window, instance, () => Plan().KillAt ?? time.GetUtcNow(), time, deadlines).ConfigureAwait(false);
        }

        DateTimeOffset? reportedKill = null;
        if (killedAt is { } at)
        {
            // Sent by the runtime's precise path at the deadline the engine armed, unless the exit shows the process
            // ended on its own (kubelet: StopContainer returns once the process exits).
            if (!ExitedOnItsOwn(instance))
            {
                journal.Step(container, TimelineStep.KillSent, new KillSentPayload(Plan().Forced), at);
                reportedKill = at;
            }
        }
        else if (!instance.Exited.IsCompleted)
        {
            instance.Signal(Signals.SigKill);
            reportedKill = time.GetUtcNow();
            journal.Step(container, TimelineStep.KillSent, new KillSentPayload(Plan().Forced), reportedKill.Value);
        }

        var exit = await instance.Exited.ConfigureAwait(false);
        return new KillOutcome(container.Index, order.ContainerId, exit, stopSignal, reportedKill);
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

    /// <summary>
    /// Sends the stop signal; returns the instant the grace period counts from. On the real clock a runtime's precise
    /// kill path sends it (<see cref="IKillDeadlines.SignalAsync"/>), under a fake clock the instant is that clock's.
    /// </summary>
    private Task<DateTimeOffset> SendStopSignalAsync(IRunningContainer instance, int signal)
    {
        if (deadlines is not null && ReferenceEquals(time, TimeProvider.System))
        {
            return deadlines.SignalAsync(instance, signal);
        }

        instance.Signal(signal);
        return Task.FromResult(time.GetUtcNow());
    }

    /// <param name="start">When the container's kill began: the kubelet's <c>start</c>, from which the hook's seconds count.</param>
    /// <returns>When the hook ended (or was given up), as its final timeline step shows.</returns>
    private async Task<DateTimeOffset> RunPreStopAsync(
        ContainerDefinition container, HookHandler preStop, Func<CancellationToken, Task<HookResult>> run, GraceWindow window, DateTimeOffset start, Func<DateTimeOffset> deadline)
    {
        using var abandon = new CancellationTokenSource();
        var hook = run(abandon.Token);

        // Reported once the hook is under way (a sleep hook's timer exists), so whoever sees this step may move time;
        // stamped with the kill's start, the instant the kubelet counts the hook's seconds from.
        journal.Step(container, TimelineStep.PreStopStarted, preStop.GetType().Name, start);
        await window.WaitAsync(hook, deadline, time).ConfigureAwait(false);
        if (!hook.IsCompleted)
        {
            // Not waited for any longer (kubelet: no event, only a log line); abandoned to die with the container.
            await abandon.CancelAsync().ConfigureAwait(false);
            var givenUp = time.GetUtcNow();
            journal.Step(container, TimelineStep.PreStopTimedOut, "grace period exhausted", givenUp);
            return givenUp;
        }

        var result = await hook.ConfigureAwait(false);
        var ended = time.GetUtcNow();
        if (result.Succeeded)
        {
            journal.HookEnded(container, TimelineStep.PreStopSucceeded, string.Empty, result, start, ended);
            return ended;
        }

        journal.Event(container, EventType.Warning, EventReasons.FailedPreStopHook, "PreStopHook failed");
        journal.HookEnded(container, TimelineStep.PreStopFailed, result.Message, result, start, ended);
        return ended;
    }

    /// <summary>
    /// <c>late-stop-signal</c>: waits until only the kubelet's 2 s minimum of <paramref name="grace"/> is left (or the
    /// container exits, or a shorter deletion arrives); returns when the hold began and ended, for KillPlanner to count
    /// in whole seconds as the kubelet does, or null when nothing was held.
    /// </summary>
    private async Task<(DateTimeOffset Started, DateTimeOffset Ended)?> HoldStopSignalAsync(ContainerDefinition container, IRunningContainer instance, GraceWindow window, TimeSpan grace)
    {
        var hold = ChaosPlanner.StopSignalHold(faults, grace);
        if (hold <= TimeSpan.Zero || instance.Exited.IsCompleted)
        {
            return null;
        }

        var start = time.GetUtcNow();
        var until = start + hold;
        journal.Chaos(container, ChaosFaults.LateStopSignal, $"stop signal held {hold.TotalSeconds:0.###}s, sent with the kubelet's minimum {ChaosPlanner.MinimumGracePeriod.TotalSeconds:0}s before SIGKILL");
        await window.WaitAsync(instance.Exited, () => window.IsForced ? time.GetUtcNow() : window.Cap(until, TimeSpan.Zero), time).ConfigureAwait(false);
        return (start, time.GetUtcNow());
    }
}
