using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>Healthy once the host has started: every hosted service ran its start-up and the server listens.</summary>
internal sealed class LifecycleStartupCheck(KubernetesLifecycle lifecycle) : IHealthCheck
{
    public const string Name = "kubernetes-lifecycle-startup";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifecycle.HasStarted ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("starting"));
}
