using System.Globalization;

namespace Podvisor.Engine.Timeline.Payloads;

/// <summary>The pod's deletion, with the grace period it was given (0: forced).</summary>
internal sealed record DeletionRequestedPayload(long GracePeriodSeconds) : TimelinePayload
{
    public override string Describe() => $"grace period {GracePeriodSeconds.ToString(CultureInfo.InvariantCulture)}s";
}
