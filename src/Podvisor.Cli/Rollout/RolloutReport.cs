namespace Podvisor.Cli.Rollout;

/// <summary>What <c>run --rollout</c> found; rendered as text on stderr, or as JSON with <c>-o json</c>.</summary>
internal sealed record RolloutReport(
    string Service,
    string Address,
    IReadOnlyList<string> Deployments,
    bool Completed,
    string? Problem,
    int Sent,
    int Succeeded,
    IReadOnlyDictionary<FailureKind, int> FailedByKind,
    LatencyPercentiles? Latency,
    IReadOnlyList<FailureWindow> Failures,
    IReadOnlyList<OldPodStop> OldPods)
{
    public int Failed => Sent - Succeeded;

    public static RolloutReport Build(
        string service, string address, IReadOnlyList<string> deployments, string? problem, IReadOnlyList<RequestRecord> requests,
        DateTimeOffset restartAt, IReadOnlyList<PodSignal> signals, IReadOnlyList<OldPodStop> oldPods) =>
        new(
            service, address, deployments, problem is null, problem,
            requests.Count,
            requests.Count(r => r.Succeeded),
            requests.Where(r => !r.Succeeded).GroupBy(r => r.Failure!.Value).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            LatencyPercentiles.Of(requests.Where(r => r.Succeeded).Select(r => r.Latency)),
            FailureTimeline.Of(requests, restartAt, signals),
            oldPods);
}
