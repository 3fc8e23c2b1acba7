using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>
/// The target of a <c>preStop</c> <c>httpGet</c> hook. The kubelet waits for the answer before it sends
/// SIGTERM (and counts the wait against the grace period), so answering only after the drain keeps the
/// process serving while traffic moves away; the later SIGTERM then finds the drain already done.
/// A plain <see cref="RequestDelegate"/> rather than a minimal-API handler with bound parameters: that binding is
/// generated at run time by reflection, which an app published with Native AOT cannot do.
/// </summary>
internal static class PreStopEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var lifecycle = context.RequestServices.GetRequiredService<KubernetesLifecycle>();
        LifecycleLog.PreStopCalled(context.RequestServices.GetRequiredService<ILogger<KubernetesLifecycle>>());
        lifecycle.BeginTermination(TerminationTrigger.PreStop);
        await lifecycle.WaitForDrainAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("drained\n", context.RequestAborted).ConfigureAwait(false);
    }
}
