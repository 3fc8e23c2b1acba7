using System.Text;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Hosting;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// <c>GET /podvisor/pods/{ns}/{name}/timeline</c>: the pod's timeline page, behind the same bearer token as the API.
/// Outside the Kubernetes URL space on purpose (no API group claims <c>/podvisor</c>), so no client mistakes it for
/// a resource. A pod that does not exist is the API's own 404 <c>Status</c>.
/// </summary>
internal sealed class TimelineRoute(ObjectStore store, ITimelinePages pages)
{
    public const string Pattern = "/podvisor/pods/{ns}/{name}/timeline";

    public void Map(IEndpointRouteBuilder app) => app.MapGet(Pattern, async context =>
    {
        var ns = (string)context.Request.RouteValues["ns"]!;
        var name = (string)context.Request.RouteValues["name"]!;
        var stored = store.Get(ResourceKind.Pods, ns, name) ?? throw ApiStatus.NotFound("pods", name);
        var pod = ModelSerializer.Deserialize<V1Pod>(stored.ToJsonString());
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(pages.Render(pod), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    });
}
