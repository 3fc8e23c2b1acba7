using Podvisor.Engine.Hooks;

namespace Podvisor.Engine.Timeline;

/// <summary>One lifecycle step, with the millisecond time it happened.</summary>
/// <param name="Container">The container concerned, or null for a pod-level step.</param>
internal sealed record TimelineEntry(
    DateTimeOffset At,
    string PodNamespace,
    string PodName,
    string? Container,
    TimelineStep Step,
    string Detail)
{
    /// <summary>On a hook's closing step (succeeded or failed): what its handler returned and how long it took.</summary>
    public HookOutcome? Hook { get; init; }
}
