using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>
/// Ties <see cref="KubernetesLifecycle"/> to the host. <c>StoppingAsync</c> runs before any hosted service's
/// <c>StopAsync</c>, so the server keeps serving while it waits for the drain; SIGTERM reaches it as
/// <c>ApplicationStopping</c> (the console lifetime calls <c>StopApplication</c>), which turns readiness
/// false before the host even begins its stop sequence.
/// </summary>
internal sealed class KubernetesLifecycleHostedService(
    KubernetesLifecycle lifecycle,
    IHostApplicationLifetime applicationLifetime,
    IOptions<HostOptions> hostOptions,
    ILogger<KubernetesLifecycle> logger) : IHostedLifecycleService
{
    private CancellationTokenRegistration _stoppingRegistration;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _stoppingRegistration = applicationLifetime.ApplicationStopping.Register(
            static state => ((KubernetesLifecycle)state!).BeginTermination(TerminationTrigger.HostStopping), lifecycle);

        var plan = lifecycle.Plan;
        var timeout = hostOptions.Value.ShutdownTimeout;
        if (timeout == Timeout.InfiniteTimeSpan || timeout > plan.HostShutdownTimeout)
        {
            LifecycleLog.ShutdownTimeoutExceedsGracePeriod(
                logger,
                timeout == Timeout.InfiniteTimeSpan ? double.PositiveInfinity : timeout.TotalSeconds,
                plan.GracePeriod.TotalSeconds,
                plan.HostShutdownTimeout.TotalSeconds,
                plan.DrainDelay.TotalSeconds,
                plan.ExitMargin.TotalSeconds);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        lifecycle.MarkStarted();
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifecycle.BeginTermination(TerminationTrigger.HostStopping);
        await lifecycle.WaitForDrainAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await _stoppingRegistration.DisposeAsync().ConfigureAwait(false);
}
