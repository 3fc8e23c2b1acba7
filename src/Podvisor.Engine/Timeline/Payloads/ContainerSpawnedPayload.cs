using System.Globalization;

namespace Podvisor.Engine.Timeline.Payloads;

/// <summary>A container's process was spawned: its process ID, and which attempt (null for a defer container, which runs once).</summary>
internal sealed record ContainerSpawnedPayload(int ProcessId, int? Attempt) : TimelinePayload
{
    public override string Describe() => Attempt is { } attempt
        ? $"pid {ProcessId.ToString(CultureInfo.InvariantCulture)}, attempt {attempt.ToString(CultureInfo.InvariantCulture)}"
        : $"pid {ProcessId.ToString(CultureInfo.InvariantCulture)}, defer container";
}
