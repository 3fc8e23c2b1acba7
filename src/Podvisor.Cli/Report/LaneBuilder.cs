using Podvisor.Engine.Hooks;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Report;

/// <summary>
/// Replays one container's timeline steps into spans and markers: the state it would report at each moment
/// (Waiting until its spawn, ContainerCreating while postStart runs, Running, Terminated, CrashLoopBackOff during a
/// back-off), its hooks, its stop (grace band, signals) and its probe results.
/// </summary>
internal sealed class LaneBuilder(DateTimeOffset start, string initialWaitingReason)
{
    private const string Waiting = "Waiting";

    private readonly List<ReportSpan> _spans = [];
    private readonly List<ReportMarker> _markers = [];
    private (DateTimeOffset From, string Label, string Reason, string Detail) _state = (start, Waiting, initialWaitingReason, initialWaitingReason);
    // Both hooks can be open at once: a deletion during a postStart hook runs preStop while postStart still blocks.
    private readonly Dictionary<SpanKind, (DateTimeOffset From, string Handler)> _hooks = [];
    private DateTimeOffset? _stopStart;
    private List<TimelineEntry> _run = [];

    public IReadOnlyList<ReportSpan> Spans => _spans;

    public IReadOnlyList<ReportMarker> Markers => _markers;

    public void Add(TimelineEntry entry)
    {
        _run.Add(entry);
        switch (entry.Step)
        {
            case TimelineStep.ContainerSpawned:
                _run = [entry];
                _stopStart = null;
                ClipGraceAt(entry.At);
                SetState(entry.At, Waiting, "ContainerCreating", entry.Detail);
                break;
            case TimelineStep.ContainerRunning:
                SetState(entry.At, "Running", string.Empty, "started");
                break;
            case TimelineStep.ContainerStartFailed:
                SetState(entry.At, Waiting, "StartFailed", entry.Detail);
                break;
            case TimelineStep.ContainerExited:
                Exited(entry);
                break;
            case TimelineStep.BackOff:
                SetState(entry.At, Waiting, "CrashLoopBackOff", "back-off " + entry.Detail);
                break;
            case TimelineStep.PostStartStarted:
                _hooks[SpanKind.PostStart] = (entry.At, entry.Detail);
                break;
            case TimelineStep.PreStopStarted:
                _stopStart ??= entry.At;
                _hooks[SpanKind.PreStop] = (entry.At, entry.Detail);
                break;
            case TimelineStep.PostStartSucceeded:
                EndHook(SpanKind.PostStart, entry.At, "Succeeded", string.Empty, entry.Hook);
                break;
            case TimelineStep.PreStopSucceeded:
                EndHook(SpanKind.PreStop, entry.At, "Succeeded", string.Empty, entry.Hook);
                break;
            case TimelineStep.PostStartFailed:
                EndHook(SpanKind.PostStart, entry.At, "Failed", entry.Detail, entry.Hook);
                break;
            case TimelineStep.PreStopFailed:
                EndHook(SpanKind.PreStop, entry.At, "Failed", entry.Detail, entry.Hook);
                break;
            case TimelineStep.PreStopTimedOut:
                EndHook(SpanKind.PreStop, entry.At, "TimedOut", entry.Detail);
                break;
            case TimelineStep.StopSignalSent:
                Signalled(entry);
                break;
            case TimelineStep.KillSent:
                _markers.Add(new ReportMarker(MarkerKind.Signal, entry.At, "SIGKILL", "SIGKILL: " + entry.Detail));
                break;
            case TimelineStep.StartupProbeSucceeded:
                _markers.Add(new ReportMarker(MarkerKind.Probe, entry.At, "startup-succeeded", "startup probe succeeded: started"));
                break;
            case TimelineStep.StartupProbeFailed:
                _markers.Add(new ReportMarker(MarkerKind.Probe, entry.At, "startup-failed", "startup probe failed failureThreshold times: the container will be killed"));
                break;
            case TimelineStep.LivenessProbeFailed:
                _markers.Add(new ReportMarker(MarkerKind.Probe, entry.At, "liveness-failed", "liveness probe failed failureThreshold times: the container will be restarted"));
                break;
            case TimelineStep.ContainerReady:
                _markers.Add(new ReportMarker(MarkerKind.Probe, entry.At, "ready", "readiness probe succeeded: ready"));
                break;
            case TimelineStep.ContainerNotReady:
                _markers.Add(new ReportMarker(MarkerKind.Probe, entry.At, "not-ready", "readiness probe failed: not ready"));
                break;
            default:
                break;
        }
    }

    public void AddEvent(ObservedEvent observed)
    {
        var reason = observed.Event.Reason ?? string.Empty;
        var detail = $"{observed.Event.Type} {reason}: {observed.Event.Message}";
        // An Unhealthy event is one failed probe attempt: a probe tick, not just an event.
        _markers.Add(reason == "Unhealthy"
            ? new ReportMarker(MarkerKind.Probe, observed.At, "unhealthy", detail)
            : new ReportMarker(MarkerKind.Event, observed.At, reason, detail));
    }

    /// <summary>Closes what is still open at the end of the axis.</summary>
    public void Finish(DateTimeOffset end)
    {
        foreach (var kind in _hooks.Keys.ToList())
        {
            EndHook(kind, end, "Running", "still running when the run ended");
        }

        _spans.Add(new ReportSpan(SpanKind.State, _state.From, end, _state.Label, _state.Reason, _state.Detail));
    }

    private void Exited(TimelineEntry entry)
    {
        var termination = TerminationClassifier.Classify(_run);
        var exit = entry.PayloadAs<ContainerExitedPayload>();
        var reason = exit?.RuntimeReason ?? (exit?.ExitCode == 0 ? "Completed" : "Error");
        var detail = termination is null ? entry.Detail : $"{entry.Detail}: {TerminationText.Describe(termination)}";
        foreach (var kind in _hooks.Keys.ToList())
        {
            EndHook(kind, entry.At, "Running", "still running when the container exited (abandoned, as the kubelet does)");
        }

        SetState(entry.At, "Terminated", reason, detail);
    }

    private void Signalled(TimelineEntry entry)
    {
        if (entry.PayloadAs<StopSignalSentPayload>() is not { } sent)
        {
            return;
        }

        var (signal, remaining) = (sent.SignalName, sent.RemainingGrace);

        var from = _stopStart ?? entry.At;
        var deadline = entry.At + remaining;
        _markers.Add(new ReportMarker(MarkerKind.Signal, entry.At, signal, $"{signal} sent; SIGKILL at {TerminationText.Seconds(deadline - start)} unless it exits"));
        _spans.Add(new ReportSpan(SpanKind.Grace, from, deadline, signal, string.Empty,
            $"grace period: stop began at {TerminationText.Seconds(from - start)}, SIGKILL deadline {TerminationText.Seconds(deadline - start)}"));
    }

    /// <summary>
    /// A new instance owes nothing to the previous one's deadline (a liveness kill answered at once, then a restart):
    /// the band stops where the new instance starts.
    /// </summary>
    private void ClipGraceAt(DateTimeOffset at)
    {
        var last = _spans.FindLastIndex(span => span.Kind == SpanKind.Grace);
        if (last >= 0 && _spans[last].To > at)
        {
            _spans[last] = _spans[last] with { To = at };
        }
    }

    /// <param name="recorded">What the handler returned, when the hook ended by itself (not given up or cut off).</param>
    private void EndHook(SpanKind kind, DateTimeOffset at, string outcome, string message, HookOutcome? recorded = null)
    {
        if (!_hooks.Remove(kind, out var hook))
        {
            return;
        }

        var name = kind == SpanKind.PostStart ? "postStart" : "preStop";
        var detail = $"{name} {hook.Handler}: {outcome} in {TerminationText.Seconds(recorded?.Duration ?? at - hook.From)}";
        if (recorded is not null)
        {
            detail += "\n" + HookText.Result(recorded.Output);
            var output = HookText.Output(recorded.Output);
            if (output.Length > 0)
            {
                detail += "\n" + output;
            }
        }

        if (!string.IsNullOrEmpty(message))
        {
            detail += "\n" + message;
        }

        _spans.Add(new ReportSpan(kind, hook.From, at, hook.Handler, outcome, detail) { Hook = recorded });
    }

    private void SetState(DateTimeOffset at, string label, string reason, string detail)
    {
        _spans.Add(new ReportSpan(SpanKind.State, _state.From, at, _state.Label, _state.Reason, _state.Detail));
        _state = (at, label, reason, detail);
    }
}
