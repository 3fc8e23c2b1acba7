namespace Podvisor.Bench.Core;

/// <summary>Who produced a figure: the floor, the tool under test, or a peer.</summary>
internal enum Role
{
    Limit,
    Podvisor,
    Peer,
}

/// <summary>
/// One measured distribution. Figures of one <paramref name="Group"/> measure the same thing and are divided by
/// one another: podvisor by the group's limit and by each peer; when <see cref="Pair"/> is set, only by the peers
/// with the same pair key (like for like: a daemon call with a daemon call, a CLI with a CLI).
/// </summary>
internal sealed record Figure(string Scenario, string Group, Role Role, string Tool, string Metric, string Unit, IReadOnlyList<double> Samples, string Method, string? Pair = null)
{
    public Distribution? Stats { get; } = Distribution.Of(Samples);
}
