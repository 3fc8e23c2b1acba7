using Podvisor.Engine.Containers;

namespace Podvisor.Engine.Timeline.Payloads;

/// <summary>A crashed container waits out its restart back-off: how long, and the instant it will be restarted.</summary>
internal sealed record BackOffPayload(TimeSpan BackOff, DateTimeOffset RestartAt) : TimelinePayload
{
    /// <summary><c>10s, restart at 2026-01-01T00:00:12.0000000+00:00</c> (the back-off in Go's duration format, as the kubelet logs it).</summary>
    public override string Describe() => $"{GoDuration.Format(BackOff)}, restart at {RestartAt:O}";
}
