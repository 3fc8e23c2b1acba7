using Podvisor.Engine.Hooks;
using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Engine.Timeline;

/// <summary>One lifecycle step, with the millisecond time it happened.</summary>
/// <param name="Container">The container concerned, or null for a pod-level step.</param>
public sealed record TimelineEntry(
    DateTimeOffset At,
    string PodNamespace,
    string PodName,
    string? Container,
    TimelineStep Step,
    string Detail)
{
    /// <summary>On a hook's closing step (succeeded or failed): what its handler returned and how long it took.</summary>
    public HookOutcome? Hook { get; init; }

    /// <summary>The step's facts, typed, on the steps that have them (<see cref="Detail"/> is their printed form).</summary>
    public TimelinePayload? Payload { get; init; }

    /// <summary>The payload of type <typeparamref name="T"/>, or null when this step carries none of that type.</summary>
    public T? PayloadAs<T>() where T : TimelinePayload => Payload as T;
}
