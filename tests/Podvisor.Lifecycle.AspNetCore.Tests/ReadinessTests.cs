using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Podvisor.Lifecycle.AspNetCore.Tests.Support;

namespace Podvisor.Lifecycle.AspNetCore.Tests;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Started_EveryProbeEndpoint_200Healthy()
    {
        await using var app = await LifecycleApp.StartAsync();

        foreach (var path in new[] { "/healthz/live", "/healthz/ready", "/healthz/startup" })
        {
            using var response = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} must not be cached");
        }

        Assert.True(app.Lifecycle.IsReady);
    }

    [Fact]
    public async Task NotStarted_ReadinessAndStartup_Unhealthy()
    {
        // Before the host has started: what a probe would see if the server answered that early.
        var lifecycle = new KubernetesLifecycle(
            Microsoft.Extensions.Options.Options.Create(new KubernetesLifecycleOptions()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<KubernetesLifecycle>.Instance);

        var readiness = await new LifecycleReadinessCheck(lifecycle).CheckHealthAsync(new HealthCheckContext());
        var startup = await new LifecycleStartupCheck(lifecycle).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, readiness.Status);
        Assert.Equal(HealthStatus.Unhealthy, startup.Status);
        Assert.False(lifecycle.IsReady);
        lifecycle.Dispose();
    }

    [Fact]
    public async Task StopApplication_AsSigtermDoes_ReadinessTurns503AtOnce_LivenessStays200()
    {
        await using var app = await LifecycleApp.StartAsync();
        var terminating = app.Lifecycle.Terminating;

        // The console lifetime turns SIGTERM into exactly this call.
        app.App.Lifetime.StopApplication();

        using var ready = await app.Client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        using var live = await app.Client.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(terminating.IsCancellationRequested);
        Assert.Equal(TerminationTrigger.HostStopping, app.Lifecycle.Trigger);
        await app.Logs.WaitForAsync("Termination began (HostStopping): readiness is now false; draining for 5s");
    }

    [Fact]
    public async Task AppChecks_TaggedReadyOrLive_DecideTheirEndpoint()
    {
        var databaseUp = true;
        var deadlocked = false;
        await using var app = await LifecycleApp.StartAsync(configure: builder => builder.Services.AddHealthChecks()
            .AddCheck("db", () => databaseUp ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(), [KubernetesLifecycleHealthTags.Ready])
            .AddCheck("deadlock", () => deadlocked ? HealthCheckResult.Unhealthy() : HealthCheckResult.Healthy(), [KubernetesLifecycleHealthTags.Live]));

        databaseUp = false;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/healthz/live")).StatusCode);

        databaseUp = true;
        deadlocked = true;
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/healthz/live")).StatusCode);
    }

    [Fact]
    public async Task CustomPaths_AreWhereTheEndpointsAre()
    {
        await using var app = await LifecycleApp.StartAsync(configure: builder => builder.Services.AddKubernetesLifecycle(options =>
        {
            options.ReadinessPath = "/readyz";
            options.LivenessPath = "/livez";
        }));

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/livez")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public void MapWithoutAdd_SaysWhatToCall()
    {
        var builder = WebApplication.CreateBuilder();
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapKubernetesLifecycle());

        Assert.Contains("builder.Services.AddKubernetesLifecycle()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddTwice_RegistersOnce()
    {
        await using var app = await LifecycleApp.StartAsync(configure: builder => builder.Services.AddKubernetesLifecycle());

        Assert.Single(app.App.Services.GetServices<IHostedService>().OfType<KubernetesLifecycleHostedService>());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public async Task ConventionBuilder_AppliesToEveryEndpoint()
    {
        await using var app = await LifecycleApp.StartAsync(map: web => web.MapGroup("/ops").MapKubernetesLifecycle().RequireHost("ops.example"));

        foreach (var path in new[] { "/ops/healthz/live", "/ops/healthz/ready", "/ops/healthz/startup", "/ops/lifecycle/prestop" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(path)).StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/healthz/live");
        request.Headers.Host = "ops.example";
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
    }
}
