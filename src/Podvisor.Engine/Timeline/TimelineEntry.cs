namespace Podvisor.Engine.Timeline;

/// <summary>One lifecycle step, with the millisecond time it happened.</summary>
/// <param name="Container">The container concerned, or null for a pod-level step.</param>
internal sealed record TimelineEntry(
    DateTimeOffset At,
    string PodNamespace,
    string PodName,
    string? Container,
    TimelineStep Step,
    string Detail);
