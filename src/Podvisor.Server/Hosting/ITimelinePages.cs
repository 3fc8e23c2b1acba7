using k8s.Models;
using Podvisor.Engine.Pods;

namespace Podvisor.Server.Hosting;

/// <summary>
/// The timeline page of a pod (<c>GET /podvisor/pods/{ns}/{name}/timeline</c>): an engine observer that records what
/// the page shows, and the renderer. Supplied by the CLI, which owns the page (the same one <c>run --report</c>
/// writes); without it the route does not exist.
/// </summary>
internal interface ITimelinePages
{
    IEngineObserver Observer { get; }

    /// <summary>The whole HTML page for the pod as stored now.</summary>
    string Render(V1Pod pod);
}
