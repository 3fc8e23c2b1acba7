namespace Podvisor.Engine.Timeline.Payloads;

/// <summary>SIGKILL sent: at once because the deletion was forced (grace 0), or because the grace period ran out.</summary>
internal sealed record KillSentPayload(bool Forced) : TimelinePayload
{
    public override string Describe() => Forced ? "forced" : "grace period exceeded";
}
