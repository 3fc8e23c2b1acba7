using Podvisor.Engine.Chaos;
using Podvisor.Engine.Events;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Engine.Pods;

/// <summary>
/// What one pod reports: its Events (merged by <see cref="EventRecorder"/>) and its timeline steps. It holds no pod
/// state, and both sinks take reports from any thread, so the worker's loop and its kill, hook and probe tasks all
/// report through it; only the loop changes the pod's state.
/// </summary>
internal sealed class PodJournal(string podNamespace, string podName, EventRecorder events, IEngineObserver observer, TimeProvider time)
{
    public void Event(ContainerDefinition? container, EventType type, string reason, string message) =>
        events.Record(container?.FieldPath, type, reason, message);

    public void Step(ContainerDefinition? container, TimelineStep step, string detail) => Step(container, step, detail, time.GetUtcNow());

    /// <summary>A step stamped with a time the caller already took (a deadline derived from it stays consistent with it).</summary>
    public void Step(ContainerDefinition? container, TimelineStep step, string detail, DateTimeOffset at) =>
        observer.OnTimeline(new TimelineEntry(at, podNamespace, podName, container?.Name, step, detail));

    public void Step(ContainerDefinition? container, TimelineStep step, TimelinePayload payload) => Step(container, step, payload, time.GetUtcNow());

    public void Step(ContainerDefinition? container, TimelineStep step, TimelinePayload payload, DateTimeOffset at) =>
        observer.OnTimeline(new TimelineEntry(at, podNamespace, podName, container?.Name, step, payload.Describe()) { Payload = payload });

    /// <summary>A hook's closing step, carrying what its handler returned (typed) and how long it took.</summary>
    /// <param name="started">The instant the hook's start step carries, so the duration agrees with the timeline.</param>
    public void HookEnded(ContainerDefinition container, TimelineStep step, string detail, HookResult result, DateTimeOffset started, DateTimeOffset at) =>
        observer.OnTimeline(new TimelineEntry(at, podNamespace, podName, container.Name, step, detail)
        {
            Hook = new HookOutcome(result.Output, at - started),
        });

    /// <summary>An injected fault: a Warning event <c>ChaosInjected</c> (podvisor's own reason) and a timeline step.</summary>
    public void Chaos(ContainerDefinition container, ChaosFaults fault, string detail)
    {
        var text = $"{ChaosFaultNames.NameOf(fault)}: {detail}";
        Event(container, EventType.Warning, ChaosFaultNames.EventReason, text);
        Step(container, TimelineStep.ChaosInjected, text);
    }
}
