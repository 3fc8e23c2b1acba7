using System.Globalization;
using System.Text;
using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Rollout;

/// <summary>The report as the lines <c>run --rollout</c> prints.</summary>
internal static class RolloutReportText
{
    public static string Render(RolloutReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Rollout of {string.Join(", ", report.Deployments.Select(d => "deployment/" + d))} through service/{report.Service} ({report.Address})");
        if (report.Problem is { } problem)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  rollout did not complete: {problem}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  requests: {report.Sent} sent, {report.Succeeded} succeeded, {report.Failed} failed{Kinds(report.FailedByKind)}");
        if (report.Latency is { } latency)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  latency of successes: p50 {Ms(latency.P50)}, p90 {Ms(latency.P90)}, p99 {Ms(latency.P99)}, max {Ms(latency.Max)}");
        }

        foreach (var window in report.Failures)
        {
            var where = window.AfterSignalOf is { } pod
                ? $"{Signed(window.FirstSinceSignal!.Value)} to {Signed(window.LastSinceSignal!.Value)} after pod/{pod}'s SIGTERM"
                : "before any old pod's SIGTERM";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {window.Count} failed{Kinds(window.Kinds)} at restart{Signed(window.FirstSinceRestart)} to restart{Signed(window.LastSinceRestart)}, {where}");
        }

        foreach (var pod in report.OldPods)
        {
            var signal = pod.SignalSinceRestart is { } at ? $"SIGTERM at restart{Signed(at)}" : "no SIGTERM";
            var took = pod.SignalToExit is { } span ? $", exited {TerminationText.Seconds(span)} later" : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"  old pod/{pod.Pod}: {signal}{took}: {pod.Ended}");
        }

        text.AppendLine(report.Completed && report.Sent > 0 && report.Failed == 0
            ? "  verdict: zero downtime: no request failed during the rollout"
            : report.Completed && report.Sent > 0
                ? "  verdict: requests failed during the rollout"
                : "  verdict: no verdict: the rollout did not complete");
        return text.ToString();
    }

    private static string Kinds(IReadOnlyDictionary<FailureKind, int> kinds) =>
        kinds.Count == 0 ? string.Empty : $" ({string.Join(", ", kinds.Select(k => $"{k.Value.ToString(CultureInfo.InvariantCulture)} {Name(k.Key)}"))})";

    public static string Name(FailureKind kind) => kind switch
    {
        FailureKind.Refused => "refused",
        FailureKind.Reset => "reset",
        FailureKind.Timeout => "timeout",
        FailureKind.ServerError => "5xx",
        FailureKind.ClientError => "4xx",
        _ => "other",
    };

    private static string Ms(TimeSpan span) => $"{span.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms";

    private static string Signed(TimeSpan span) =>
        (span < TimeSpan.Zero ? "-" : "+") + span.Duration().TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";
}
