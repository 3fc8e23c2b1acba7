using k8s.Models;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Engine.Pods;

/// <summary>
/// Where the engine reports what it does: the one sink of everything it does (the engine is fed pods and reports; it is not wired to a store or a view). Calls may come from any pod
/// worker concurrently; implementations must be thread-safe and must not block.
/// </summary>
public interface IEngineObserver
{
    /// <summary>
    /// A new status snapshot (a full Pod object as the API would return it). Read-only: snapshots share their
    /// metadata and spec with the ones before them.
    /// </summary>
    void OnPodStatus(V1Pod pod);

    /// <summary>An event was recorded, or an existing one was merged (count and lastTimestamp updated).</summary>
    void OnEvent(Corev1Event @event);

    /// <summary>A lifecycle step was taken.</summary>
    void OnTimeline(TimelineEntry entry);

    /// <summary>A container wrote a line.</summary>
    void OnLogLine(ContainerLogLine line);
}
