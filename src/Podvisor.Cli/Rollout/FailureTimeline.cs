namespace Podvisor.Cli.Rollout;

/// <summary>Places each failed request relative to the restart and to the old pods' stop signals.</summary>
internal static class FailureTimeline
{
    public static IReadOnlyList<FailureWindow> Of(IEnumerable<RequestRecord> requests, DateTimeOffset restartAt, IReadOnlyList<PodSignal> signals)
    {
        var ordered = signals.OrderBy(s => s.At).ToList();
        return [.. requests
            .Where(r => !r.Succeeded)
            .OrderBy(r => r.SentAt)
            .GroupBy(r => ordered.LastOrDefault(s => s.At <= r.SentAt))
            .Select(group =>
            {
                var signal = group.Key;
                var first = group.First().SentAt;
                var last = group.Last().SentAt;
                var kinds = group.GroupBy(r => r.Failure!.Value).OrderBy(k => k.Key).ToDictionary(k => k.Key, k => k.Count());
                return new FailureWindow(
                    signal?.Pod, group.Count(), kinds, first - restartAt, last - restartAt,
                    signal is null ? null : first - signal.At, signal is null ? null : last - signal.At);
            })
            .OrderBy(w => w.FirstSinceRestart)];
    }
}
