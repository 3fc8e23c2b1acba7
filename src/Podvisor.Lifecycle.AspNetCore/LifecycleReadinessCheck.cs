using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>Unhealthy before the host has started and from termination on, whatever the app's own checks say.</summary>
internal sealed class LifecycleReadinessCheck(KubernetesLifecycle lifecycle) : IHealthCheck
{
    public const string Name = "kubernetes-lifecycle-readiness";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifecycle.Trigger is { } trigger ? HealthCheckResult.Unhealthy($"terminating ({trigger})")
            : lifecycle.HasStarted ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("starting"));
}
