using System.Globalization;

namespace Podvisor.Engine.Timeline.Termination;

/// <summary>One line a person reads: <c>SIGKILL after the 5s grace period (preStop used 4.2s)</c>.</summary>
public static class TerminationText
{
    /// <summary>The explanation as one sentence.</summary>
    public static string Describe(TerminationExplanation termination)
    {
        var exit = termination.ExitSignal is null
            ? $"exit code {termination.ExitCode}"
            : $"exit code {termination.ExitCode}, {termination.ExitSignal}";
        return termination.Cause switch
        {
            TerminationCause.Exited => $"exited by itself ({exit})",
            TerminationCause.OomKilled => $"OOMKilled by the runtime ({exit})",
            TerminationCause.Forced => $"killed at once, no grace period ({exit})",
            TerminationCause.StopSignal or TerminationCause.GracePeriodExceeded => Stop(termination),
            TerminationCause.LivenessProbe => $"liveness probe failed; {Stop(termination)}",
            TerminationCause.StartupProbe => $"startup probe failed; {Stop(termination)}",
            TerminationCause.PostStartHook => $"postStart hook failed; {Stop(termination)}",
            _ => exit,
        };
    }

    private static string Stop(TerminationExplanation termination)
    {
        var preStop = termination.PreStop is { } used
            ? $", preStop {(termination.PreStopOutcome ?? "ran").ToLowerInvariant()} in {Seconds(used)}"
            : string.Empty;
        var grace = termination.Grace is { } g ? Seconds(g) : "?";
        if (termination.Killed)
        {
            return termination.Grace == TimeSpan.Zero
                ? $"killed at once (exit code {termination.ExitCode})"
                : $"SIGKILLed after the {grace} grace period ran out{preStop} (exit code {termination.ExitCode})";
        }

        var took = termination.StopTook is { } t ? Seconds(t) : "?";
        return $"stopped by {termination.StopSignal ?? "the stop signal"} in {took} of a {grace} grace period{preStop} (exit code {termination.ExitCode})";
    }

    /// <summary>A duration as <c>4.2s</c> (at most three decimals).</summary>
    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
