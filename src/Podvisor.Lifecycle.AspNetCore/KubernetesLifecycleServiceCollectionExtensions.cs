using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Podvisor.Lifecycle.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kubernetes lifecycle services.</summary>
public static class KubernetesLifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Makes the app follow the pod lifecycle: readiness false from SIGTERM or a preStop call on, a drain
    /// delay before the server stops, <c>HostOptions.ShutdownTimeout</c> fitted to the grace period, and the
    /// health checks behind <c>app.MapKubernetesLifecycle()</c>. Reads <c>TERMINATION_GRACE_PERIOD_SECONDS</c>
    /// and <c>DRAIN_DELAY_SECONDS</c> from configuration; <paramref name="configure"/> overrides them.
    /// Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddKubernetesLifecycle(this IServiceCollection services, Action<KubernetesLifecycleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var first = !services.Any(descriptor => descriptor.ServiceType == typeof(KubernetesLifecycle));
        if (first)
        {
            services.AddOptions<KubernetesLifecycleOptions>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KubernetesLifecycleOptions>, ConfigureLifecycleFromConfiguration>());
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (!first)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HostOptions>, ConfigureHostShutdownTimeout>());
        services.AddSingleton(provider => new KubernetesLifecycle(
            provider.GetRequiredService<IOptions<KubernetesLifecycleOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<KubernetesLifecycle>>()));
        services.AddHostedService<KubernetesLifecycleHostedService>();
        services.AddHealthChecks()
            .AddCheck<LifecycleReadinessCheck>(LifecycleReadinessCheck.Name, tags: [KubernetesLifecycleHealthTags.Ready])
            .AddCheck<LifecycleStartupCheck>(LifecycleStartupCheck.Name, tags: [KubernetesLifecycleHealthTags.Startup]);
        return services;
    }
}
