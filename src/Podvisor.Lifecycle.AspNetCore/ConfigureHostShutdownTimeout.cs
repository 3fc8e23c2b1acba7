using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>
/// Fits the host's stop inside the grace period. The host's default of 30 s equals a pod's default grace
/// period, so without this a slow stop is SIGKILLed mid-way; a timeout configured after this still wins,
/// and is warned about at startup.
/// </summary>
internal sealed class ConfigureHostShutdownTimeout(IOptions<KubernetesLifecycleOptions> lifecycleOptions) : IConfigureOptions<HostOptions>
{
    public void Configure(HostOptions options)
    {
        if (lifecycleOptions.Value.ConfigureHostShutdownTimeout)
        {
            options.ShutdownTimeout = ShutdownPlan.From(lifecycleOptions.Value).HostShutdownTimeout;
        }
    }
}
