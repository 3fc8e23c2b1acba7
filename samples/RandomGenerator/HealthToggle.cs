using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RandomGenerator;

/// <summary><c>/toggle-live</c> flips it; the liveness health reports it as UP or DOWN.</summary>
internal sealed class HealthToggle : IHealthCheck
{
    public const string Name = "toggle";

    private volatile bool _healthy = true;

    public bool Healthy => _healthy;

    public void Toggle() => _healthy = !_healthy;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["toggle"] = _healthy };
        return Task.FromResult(_healthy ? HealthCheckResult.Healthy(data: data) : HealthCheckResult.Unhealthy("toggled DOWN", data: data));
    }
}
