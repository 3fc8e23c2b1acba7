using System.Text.Json;
using System.Text.Json.Nodes;

namespace Podvisor.Cli.Rollout;

/// <summary>The report as <c>-o json</c> prints it (durations in seconds, failure kinds by their text names).</summary>
internal static class RolloutReportJson
{
    public static string Render(RolloutReport report) => new JsonObject
    {
        ["service"] = report.Service,
        ["address"] = report.Address,
        ["deployments"] = new JsonArray([.. report.Deployments.Select(d => (JsonNode?)d)]),
        ["completed"] = report.Completed,
        ["problem"] = report.Problem,
        ["requests"] = new JsonObject
        {
            ["sent"] = report.Sent,
            ["succeeded"] = report.Succeeded,
            ["failed"] = report.Failed,
            ["failedByKind"] = Kinds(report.FailedByKind),
        },
        ["latencySeconds"] = report.Latency is { } l
            ? new JsonObject { ["p50"] = l.P50.TotalSeconds, ["p90"] = l.P90.TotalSeconds, ["p99"] = l.P99.TotalSeconds, ["max"] = l.Max.TotalSeconds }
            : null,
        ["failures"] = new JsonArray([.. report.Failures.Select(w => (JsonNode?)new JsonObject
        {
            ["afterSigtermOf"] = w.AfterSignalOf,
            ["count"] = w.Count,
            ["kinds"] = Kinds(w.Kinds),
            ["firstSinceRestartSeconds"] = w.FirstSinceRestart.TotalSeconds,
            ["lastSinceRestartSeconds"] = w.LastSinceRestart.TotalSeconds,
            ["firstSinceSigtermSeconds"] = w.FirstSinceSignal?.TotalSeconds,
            ["lastSinceSigtermSeconds"] = w.LastSinceSignal?.TotalSeconds,
        })]),
        ["oldPods"] = new JsonArray([.. report.OldPods.Select(p => (JsonNode?)new JsonObject
        {
            ["name"] = p.Pod,
            ["sigtermSinceRestartSeconds"] = p.SignalSinceRestart?.TotalSeconds,
            ["sigtermToExitSeconds"] = p.SignalToExit?.TotalSeconds,
            ["ended"] = p.Ended,
        })]),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static JsonObject Kinds(IReadOnlyDictionary<FailureKind, int> kinds) =>
        new([.. kinds.Select(k => KeyValuePair.Create(RolloutReportText.Name(k.Key), (JsonNode?)k.Value))]);
}
