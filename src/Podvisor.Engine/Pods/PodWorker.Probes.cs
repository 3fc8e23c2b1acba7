using Podvisor.Engine.Containers;
using Podvisor.Engine.Events;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Probes;
using Podvisor.Engine.Timeline;

namespace Podvisor.Engine.Pods;

/// <summary>
/// Probe results as the kubelet's prober manager turns them into state (docs/kubelet-behaviour.md §7): every failed attempt is an
/// <c>Unhealthy</c> event (recorded by the prober); thresholds commit a result; startup gates liveness and readiness; a committed
/// liveness/startup failure marks the instance for a kill in the next pass; readiness sets <c>ready</c>.
/// </summary>
internal sealed partial class PodWorker
{
    private readonly List<(int Index, Prober Prober)> _probers = [];

    /// <summary>Each probe's thresholds and trigger, by (container index, kind): the worker's alone, written by its loop only.</summary>
    private readonly Dictionary<(int Index, ProbeKind Kind), ProbeState> _probeStates = [];

    private void CreateProbers()
    {
        foreach (var container in _definition.Containers.Where(c => c.Kind != ContainerKind.Init))
        {
            foreach (var probe in container.Probes)
            {
                _probeStates[(container.Index, probe.Kind)] = ProbeState.Initial(probe.Kind);
                _probers.Add((container.Index, new Prober(
                    probe, container, _context.Probes, _context.Time, m => _inbox.Writer.TryWrite(m), (p, outcome) => ReportProbe(container, p, outcome))));
            }
        }
    }

    private void DisposeProbers()
    {
        foreach (var (_, prober) in _probers)
        {
            prober.Dispose();
        }
    }

    private Prober? ProberOf(int index, ProbeKind kind) =>
        _probers.FirstOrDefault(p => p.Index == index && p.Prober.Kind == kind).Prober;

    /// <summary>Applies one attempt's outcome; returns whether a committed result (and so the pod's state) changed.</summary>
    private bool ApplyProbe(PodMessage.ProbeCompleted done)
    {
        var record = _records[done.Index];
        var container = record.Definition;
        if (ProberOf(done.Index, done.Kind) is not { } prober
            || record.Current is not { IsRunning: true, Reported: true } current
            || current.ContainerId != done.ContainerId
            || !IsProbing(prober, current))
        {
            // A result for an instance that is gone, gated, on hold or being deleted: the kubelet would not have probed.
            return false;
        }

        var key = (done.Index, done.Kind);
        var state = _probeStates[key].For(current.ContainerId);
        _probeStates[key] = state;
        var outcome = done.Outcome;
        if (outcome.IsError)
        {
            // The kubelet throws an errored attempt's result away (after reporting it).
            return false;
        }

        var counter = state.Counter.Observe(outcome.Passed, prober.Probe);
        _probeStates[key] = state with { Counter = counter };
        if (counter.Committed == state.Counter.Committed)
        {
            return false;
        }

        var passed = counter.Committed == true;
        (current, var step) = (done.Kind, passed) switch
        {
            (ProbeKind.Startup, true) => (current with { StartupSucceeded = true }, TimelineStep.StartupProbeSucceeded),
            (ProbeKind.Startup, false) => (current with { ProbeFailure = ProbeKind.Startup }, TimelineStep.StartupProbeFailed),
            (ProbeKind.Liveness, false) => (current with { ProbeFailure = ProbeKind.Liveness }, TimelineStep.LivenessProbeFailed),
            (ProbeKind.Readiness, true) => (current with { ReadinessSucceeded = true }, TimelineStep.ContainerReady),
            (ProbeKind.Readiness, false) => (current with { ReadinessSucceeded = false }, TimelineStep.ContainerNotReady),
            _ => (current, (TimelineStep?)null),
        };
        _records[done.Index] = record with { Current = current };
        if (step is { } s)
        {
            var detail = passed
                ? $"{done.Kind.Lower()} probe succeeded"
                : $"{done.Kind.Lower()} probe failed {prober.Probe.FailureThreshold} time(s) in a row";
            _context.Observer.OnTimeline(new TimelineEntry(done.At, Namespace, Name, container.Name, s, detail));
        }

        return true;
    }

    /// <summary>
    /// An attempt's events, recorded when it ends (kubelet <c>prober.probe</c>), even while this worker is busy
    /// with a postStart hook or a kill. Called from prober threads: it touches only the thread-safe recorder.
    /// </summary>
    private void ReportProbe(ContainerDefinition container, ProbeDefinition probe, ProbeOutcome outcome)
    {
        var title = probe.Kind.Title();
        if (outcome.IsError)
        {
            Record(container, EventType.Warning, EventReasons.Unhealthy, $"{title} probe errored and resulted in unknown state: {outcome.Error}");
        }
        else if (outcome.Result == ProbeResult.Warning)
        {
            Record(container, EventType.Warning, EventReasons.ProbeWarning, $"{title} probe warning: {outcome.Output}");
        }
        else if (outcome.Result != ProbeResult.Success)
        {
            Record(container, EventType.Warning, EventReasons.Unhealthy, $"{title} probe failed: {outcome.Output}");
        }
    }

    /// <summary>
    /// Publishes to each prober the instance it may probe now (the kubelet's workers read the pod status the
    /// same way): a running instance whose postStart returned; startup only until it passed; liveness and
    /// readiness only after; nothing for liveness/startup on hold or once the pod is being deleted.
    /// </summary>
    private void RefreshProbeTargets()
    {
        foreach (var (index, prober) in _probers)
        {
            var current = _records[index].Current;
            var probing = !_terminal && current is { IsRunning: true, Reported: true } && IsProbing(prober, current);
            prober.Target(probing ? new ProbeTarget(current!.ContainerId, current.StartedAt, _instances[index]) : null);

            // kubelet UpdatePodStatus: a started container without a readiness result is probed at once.
            var key = (index, prober.Kind);
            if (probing && prober.Kind == ProbeKind.Readiness && _probeStates[key].TriggeredContainerId != current!.ContainerId)
            {
                _probeStates[key] = _probeStates[key] with { TriggeredContainerId = current.ContainerId };
                prober.Trigger();
            }
        }
    }

    private bool IsProbing(Prober prober, InstanceRecord current)
    {
        var definition = prober.Container;
        var onHold = _probeStates[(definition.Index, prober.Kind)].OnHoldFor(current.ContainerId);
        return prober.Kind switch
        {
            ProbeKind.Startup => !current.StartupSucceeded && !onHold && _grace.Deletion is null,
            ProbeKind.Liveness => Started(definition, current) && !onHold && _grace.Deletion is null && current.ProbeFailure is null,
            _ => Started(definition, current),
        };
    }

    private static bool Started(ContainerDefinition container, InstanceRecord current) =>
        container.Startup is null || current.StartupSucceeded;
}
