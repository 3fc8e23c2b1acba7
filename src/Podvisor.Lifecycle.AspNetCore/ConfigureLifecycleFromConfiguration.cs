using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>Reads the whole-second settings from configuration (environment variables included), as a pod spec would set them.</summary>
internal sealed class ConfigureLifecycleFromConfiguration(IConfiguration? configuration = null) : IConfigureOptions<KubernetesLifecycleOptions>
{
    public void Configure(KubernetesLifecycleOptions options)
    {
        if (configuration is null)
        {
            return;
        }

        if (Seconds(KubernetesLifecycleOptions.GracePeriodConfigurationKey) is { } grace)
        {
            options.GracePeriod = grace;
        }

        if (Seconds(KubernetesLifecycleOptions.DrainDelayConfigurationKey) is { } drain)
        {
            options.DrainDelay = drain;
        }
    }

    private TimeSpan? Seconds(string key)
    {
        var value = configuration![key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= int.MaxValue
            ? TimeSpan.FromSeconds(seconds)
            : throw new OptionsValidationException(key, typeof(KubernetesLifecycleOptions), [$"{key}: Invalid value: \"{value}\": must be a non-negative whole number of seconds"]);
    }
}
