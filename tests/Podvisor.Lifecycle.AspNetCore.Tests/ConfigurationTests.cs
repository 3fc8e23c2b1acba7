using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Podvisor.Lifecycle.AspNetCore.Tests.Support;

namespace Podvisor.Lifecycle.AspNetCore.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Defaults_HostShutdownTimeoutFitsThe30sGracePeriod_NoWarning()
    {
        await using var app = await LifecycleApp.StartAsync();

        Assert.Equal(TimeSpan.FromSeconds(23), app.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.DoesNotContain(app.Logs.Entries, entry => entry.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task EnvironmentSettings_SetGraceAndDrain()
    {
        await using var app = await LifecycleApp.StartAsync(new Dictionary<string, string?>
        {
            ["TERMINATION_GRACE_PERIOD_SECONDS"] = "10",
            ["DRAIN_DELAY_SECONDS"] = "3",
        });

        Assert.Equal(new ShutdownPlan(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)), app.Lifecycle.Plan);
        Assert.Equal(TimeSpan.FromSeconds(5), app.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task OptionsDelegate_OverridesEnvironment()
    {
        await using var app = await LifecycleApp.StartAsync(
            new Dictionary<string, string?> { ["TERMINATION_GRACE_PERIOD_SECONDS"] = "10" },
            builder => builder.Services.AddKubernetesLifecycle(options => options.GracePeriod = TimeSpan.FromSeconds(60)));

        Assert.Equal(TimeSpan.FromSeconds(60), app.Lifecycle.Plan.GracePeriod);
    }

    [Theory]
    [InlineData("TERMINATION_GRACE_PERIOD_SECONDS", "thirty")]
    [InlineData("TERMINATION_GRACE_PERIOD_SECONDS", "-1")]
    [InlineData("DRAIN_DELAY_SECONDS", "2.5")]
    public async Task MalformedSetting_FailsStartNamingTheVariable(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LifecycleApp.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Equal($"{key}: Invalid value: \"{value}\": must be a non-negative whole number of seconds", error.Message);
    }

    [Fact]
    public async Task ShutdownTimeoutLongerThanTheGracePeriodAllows_Warns()
    {
        await using var app = await LifecycleApp.StartAsync(configure: builder =>
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(60)));

        var warning = Assert.Single(app.Logs.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Equal(
            "HostOptions.ShutdownTimeout is 60s but the pod's grace period of 30s leaves the host 23s (after a 5s drain and a 2s exit margin): "
            + "the kubelet may SIGKILL the app before it has stopped",
            warning.Message);
    }

    [Fact]
    public async Task ConfigureHostShutdownTimeoutOff_LeavesTheHostDefault_AndWarnsAboutIt()
    {
        await using var app = await LifecycleApp.StartAsync(configure: builder =>
            builder.Services.AddKubernetesLifecycle(options => options.ConfigureHostShutdownTimeout = false));

        Assert.Equal(TimeSpan.FromSeconds(30), app.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Contains(app.Logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.StartsWith("HostOptions.ShutdownTimeout is 30s", StringComparison.Ordinal));
    }
}
