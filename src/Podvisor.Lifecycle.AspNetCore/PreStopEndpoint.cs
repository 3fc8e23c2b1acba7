using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>
/// The target of a <c>preStop</c> <c>httpGet</c> hook. The kubelet waits for the answer before it sends
/// SIGTERM (and counts the wait against the grace period), so answering only after the drain keeps the
/// process serving while traffic moves away; the later SIGTERM then finds the drain already done.
/// </summary>
internal static class PreStopEndpoint
{
    public static async Task<IResult> HandleAsync(KubernetesLifecycle lifecycle, ILogger<KubernetesLifecycle> logger, CancellationToken requestAborted)
    {
        LifecycleLog.PreStopCalled(logger);
        lifecycle.BeginTermination(TerminationTrigger.PreStop);
        await lifecycle.WaitForDrainAsync(requestAborted).ConfigureAwait(false);
        return Results.Text("drained\n", "text/plain");
    }
}
