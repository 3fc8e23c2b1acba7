using Podvisor.Lifecycle.AspNetCore;

namespace RandomGenerator;

internal static class RandomGeneratorServiceCollectionExtensions
{
    public static IServiceCollection AddRandomGenerator(this IServiceCollection services)
    {
        services.AddSingleton(provider => RandomGeneratorSettings.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<RandomNumbers>();
        services.AddSingleton<RandomValueLog>();
        services.AddSingleton<MemoryEater>();
        services.AddSingleton<HealthToggle>();
        services.AddSingleton<ReadyFile>();
        services.AddSingleton<SystemInfo>();
        services.AddHostedService<StartupGate>();
        services.AddHealthChecks()
            .AddCheck<HealthToggle>(HealthToggle.Name, tags: [KubernetesLifecycleHealthTags.Live])
            .AddCheck<ReadyFile>(ReadyFile.Name, tags: [KubernetesLifecycleHealthTags.Ready]);
        return services;
    }
}
