using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Engine.Timeline.Termination;

/// <summary>
/// Explains how a container instance ended from its own timeline steps (one run: from its spawn to its exit). Pure:
/// the CLI's summary, its <c>-o json</c> and the timeline report all read the same answer.
/// </summary>
/// <remarks>
/// The trigger of a stop comes first (a failed liveness or startup probe, a failed postStart hook: the kubelet's
/// <c>killContainer</c> callers in kuberuntime_container.go and prober/worker.go), then how the stop went: the stop
/// signal answered in time, or SIGKILL at the deadline. The runtime's <c>OOMKilled</c> beats everything: it is
/// what actually ended the process.
/// </remarks>
public static class TerminationClassifier
{
    private const string OomKilled = "OOMKilled";

    /// <param name="run">The steps of one instance of one container, in order.</param>
    /// <param name="statusReason">The reason the pod status gives for this instance's end, when known.</param>
    /// <returns>Null when the instance has not exited (or never started).</returns>
    public static TerminationExplanation? Classify(IReadOnlyList<TimelineEntry> run, string? statusReason = null)
    {
        var exited = run.LastOrDefault(entry => entry.Step == TimelineStep.ContainerExited);
        if (exited?.PayloadAs<ContainerExitedPayload>() is not { } exit)
        {
            return null;
        }

        var before = run.TakeWhile(entry => !ReferenceEquals(entry, exited)).ToList();
        var trigger = before.FirstOrDefault(entry => entry.Step is TimelineStep.LivenessProbeFailed
            or TimelineStep.StartupProbeFailed or TimelineStep.PostStartFailed);
        var preStopStart = before.FirstOrDefault(entry => entry.Step == TimelineStep.PreStopStarted);
        var preStopEnd = before.FirstOrDefault(entry => entry.Step is TimelineStep.PreStopSucceeded
            or TimelineStep.PreStopFailed or TimelineStep.PreStopTimedOut);
        var signal = before.FirstOrDefault(entry => entry.Step == TimelineStep.StopSignalSent);
        var kill = before.FirstOrDefault(entry => entry.Step == TimelineStep.KillSent);
        var forced = kill?.PayloadAs<KillSentPayload>()?.Forced == true;

        string? stopSignal = null;
        TimeSpan? grace = null;
        var stopStart = Earliest(preStopStart, signal, kill);
        if (signal?.PayloadAs<StopSignalSentPayload>() is { } sent)
        {
            stopSignal = sent.SignalName;
            // The kubelet's arithmetic reversed: the signal gets the grace period less the whole seconds the preStop
            // hook took (raised to a 2 s minimum), so those seconds plus what was left is the period it was given.
            // The engine stamps the hook's start and end with the very instants it counts (a sidecar's wait for its turn
            // is not on the timeline, so it is counted from the hook's end to the signal).
            var counted = preStopStart is not null && preStopEnd is not null
                ? Math.Floor((preStopEnd.At - preStopStart.At).TotalSeconds) + Math.Floor((signal.At - preStopEnd.At).TotalSeconds)
                : Math.Floor((signal.At - stopStart!.At).TotalSeconds);
            grace = sent.RemainingGrace + TimeSpan.FromSeconds(counted);
        }
        else if (forced)
        {
            grace = TimeSpan.Zero;
        }

        TimeSpan? preStop = preStopStart is null ? null
            : ((preStopEnd ?? signal ?? kill ?? exited).At - preStopStart.At);
        var stopSent = signal ?? kill;
        TimeSpan? stopTook = stopSent is null ? null : exited.At - stopSent.At;
        var reason = exit.RuntimeReason ?? statusReason;

        var cause = reason == OomKilled ? TerminationCause.OomKilled : trigger?.Step switch
        {
            TimelineStep.LivenessProbeFailed => TerminationCause.LivenessProbe,
            TimelineStep.StartupProbeFailed => TerminationCause.StartupProbe,
            TimelineStep.PostStartFailed => TerminationCause.PostStartHook,
            _ when kill is not null => forced ? TerminationCause.Forced : TerminationCause.GracePeriodExceeded,
            _ when signal is not null => TerminationCause.StopSignal,
            _ => TerminationCause.Exited,
        };

        return new TerminationExplanation(
            cause, exit.ExitCode, exit.SignalName, reason, stopSignal, kill is not null, grace, preStop,
            preStopEnd is null ? null : Outcome(preStopEnd.Step), stopTook);
    }

    private static TimelineEntry? Earliest(params TimelineEntry?[] entries) =>
        entries.Where(entry => entry is not null).MinBy(entry => entry!.At);

    private static string Outcome(TimelineStep step) => step switch
    {
        TimelineStep.PreStopSucceeded => "Succeeded",
        TimelineStep.PreStopFailed => "Failed",
        _ => "TimedOut",
    };
}
