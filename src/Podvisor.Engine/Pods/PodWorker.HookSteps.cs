using Podvisor.Engine.Hooks;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Timeline;

namespace Podvisor.Engine.Pods;

/// <summary>A hook's closing timeline step, carrying what its handler returned (typed) and how long it took.</summary>
internal sealed partial class PodWorker
{
    private void HookEnded(ContainerDefinition container, TimelineStep step, string detail, HookResult result, DateTimeOffset started) =>
        HookEnded(container, step, detail, result, started, _context.Time.GetUtcNow());

    /// <param name="started">The instant the hook's start step carries, so the duration agrees with the timeline.</param>
    private void HookEnded(ContainerDefinition container, TimelineStep step, string detail, HookResult result, DateTimeOffset started, DateTimeOffset at) =>
        _context.Observer.OnTimeline(new TimelineEntry(at, Namespace, Name, container.Name, step, detail)
        {
            Hook = new HookOutcome(result.Output, at - started),
        });
}
