using System.Globalization;

namespace Podvisor.Engine.Timeline.Payloads;

/// <summary>The stop signal sent, and what was left of the grace period then (the SIGKILL follows after it).</summary>
public sealed record StopSignalSentPayload(string SignalName, TimeSpan RemainingGrace) : TimelinePayload
{
    /// <summary><c>SIGTERM, SIGKILL in 4s</c>.</summary>
    public override string Describe() =>
        $"{SignalName}, SIGKILL in {RemainingGrace.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
}
