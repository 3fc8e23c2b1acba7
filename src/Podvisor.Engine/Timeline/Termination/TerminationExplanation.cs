namespace Podvisor.Engine.Timeline.Termination;

/// <summary>How one container instance ended, and the numbers that say why.</summary>
/// <param name="ExitCode">The exit status the kubelet reports (128 + signal when a signal killed it).</param>
/// <param name="ExitSignal">The signal that ended the process, if one did (<c>SIGKILL</c>, <c>SIGTERM</c>).</param>
/// <param name="Reason">The runtime's own reason (<c>OOMKilled</c>), else the status' reason if known.</param>
/// <param name="StopSignal">The stop signal sent to it, if it was stopped that way.</param>
/// <param name="Killed">Whether podvisor sent SIGKILL (the grace period ran out, or a forced stop).</param>
/// <param name="Grace">
/// The grace period the stop was given, in the kubelet's arithmetic: the whole seconds from the start of the stop
/// (<c>Killing</c>: the preStop hook, else the stop signal) to the stop signal, plus the time the signal was given
/// before SIGKILL. That is the pod's (or the deletion's) grace period, or more when the kubelet's 2 s minimum after
/// a long preStop hook extended it. Zero for a forced kill.
/// </param>
/// <param name="PreStop">How long the preStop hook ran (to its end, or to the stop signal when it timed out).</param>
/// <param name="PreStopOutcome">Succeeded, Failed or TimedOut; null without a preStop hook.</param>
/// <param name="StopTook">From the stop signal (or the SIGKILL of a forced stop) to the exit.</param>
public sealed record TerminationExplanation(
    TerminationCause Cause,
    int ExitCode,
    string? ExitSignal,
    string? Reason,
    string? StopSignal,
    bool Killed,
    TimeSpan? Grace,
    TimeSpan? PreStop,
    string? PreStopOutcome,
    TimeSpan? StopTook);
