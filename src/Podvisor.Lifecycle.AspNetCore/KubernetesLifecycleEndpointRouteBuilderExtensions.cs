using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Podvisor.Lifecycle.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the probe and preStop endpoints.</summary>
public static class KubernetesLifecycleEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the liveness, readiness and startup endpoints (200 <c>Healthy</c>, or 503 <c>Unhealthy</c>, as
    /// the kubelet's <c>httpGet</c> probes read them) and the preStop endpoint, at the paths of
    /// <see cref="KubernetesLifecycleOptions"/>. Requires <c>builder.Services.AddKubernetesLifecycle()</c>.
    /// </summary>
    /// <returns>A builder for conventions on all four endpoints (e.g. <c>RequireHost</c>).</returns>
    public static IEndpointConventionBuilder MapKubernetesLifecycle(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<KubernetesLifecycle>() is null)
        {
            throw new InvalidOperationException(
                "The Kubernetes lifecycle services are not registered: call builder.Services.AddKubernetesLifecycle() before app.MapKubernetesLifecycle().");
        }

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<KubernetesLifecycleOptions>>().Value;
        var group = endpoints.MapGroup(string.Empty);
        group.MapHealthChecks(options.LivenessPath, Tagged(KubernetesLifecycleHealthTags.Live));
        group.MapHealthChecks(options.ReadinessPath, Tagged(KubernetesLifecycleHealthTags.Ready));
        group.MapHealthChecks(options.StartupPath, Tagged(KubernetesLifecycleHealthTags.Startup));
        group.MapGet(options.PreStopPath, PreStopEndpoint.HandleAsync);
        // The kubelet's probes and hooks carry no credentials: an app-wide fallback policy must not turn them into 401s.
        group.AllowAnonymous();
        return group;
    }

    private static HealthCheckOptions Tagged(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResultStatusCodes =
        {
            [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy] = StatusCodes.Status200OK,
            [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded] = StatusCodes.Status200OK,
            [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}
