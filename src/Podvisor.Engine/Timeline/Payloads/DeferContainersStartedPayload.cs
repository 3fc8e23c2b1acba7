using System.Globalization;

namespace Podvisor.Engine.Timeline.Payloads;

/// <summary>The pod's defer containers begin: how many, and the instant they are SIGKILLed if still running.</summary>
internal sealed record DeferContainersStartedPayload(int Count, DateTimeOffset KillAt) : TimelinePayload
{
    public override string Describe() => $"{Count.ToString(CultureInfo.InvariantCulture)} defer container(s), SIGKILL at {KillAt:O}";
}
