using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RandomGenerator;

/// <summary>
/// The readiness file of the Health Probe pattern: removed at start, created once the app is ready,
/// added or removed by <c>/toggle-ready</c>. It also counts for the readiness health, so an <c>httpGet</c>
/// readiness probe and an <c>exec: [stat, FILE]</c> one agree.
/// </summary>
internal sealed class ReadyFile(RandomGeneratorSettings settings) : IHealthCheck
{
    public const string Name = "ready-file";

    private volatile bool _unwritable;

    public string Path => settings.ReadyFile;

    public bool Exists => File.Exists(settings.ReadyFile);

    /// <returns>False when the file cannot be created; it is then ignored by the readiness health.</returns>
    public bool Set(bool present)
    {
        try
        {
            if (present)
            {
                File.WriteAllBytes(settings.ReadyFile, []);
            }
            else
            {
                File.Delete(settings.ReadyFile);
            }

            _unwritable = false;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _unwritable = present;
            return false;
        }
    }

    public bool Toggle() => Set(!Exists);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_unwritable || Exists ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{settings.ReadyFile} is absent"));
}
