namespace Podvisor.Cli.Rollout;

/// <summary>One request of the load: when it was sent, how long until its outcome, and its failure if any.</summary>
internal sealed record RequestRecord(DateTimeOffset SentAt, TimeSpan Latency, FailureKind? Failure)
{
    public bool Succeeded => Failure is null;
}
