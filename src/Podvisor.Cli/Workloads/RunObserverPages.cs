using k8s.Models;
using Podvisor.Cli.Report;
using Podvisor.Engine.Pods;
using Podvisor.Server.Hosting;

namespace Podvisor.Cli.Workloads;

/// <summary>
/// Hands the in-process server's engine the run's own observers (live view, events, audit, timeline, pod
/// snapshots) beside the timeline pages <c>serve</c> has: the server takes one observer, through its pages.
/// </summary>
internal sealed class RunObserverPages(ServeTimelinePages pages, IEngineObserver observer) : ITimelinePages
{
    public IEngineObserver Observer => observer;

    public string Render(V1Pod pod) => pages.Render(pod);
}
