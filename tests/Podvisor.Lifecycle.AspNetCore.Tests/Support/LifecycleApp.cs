using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Podvisor.Lifecycle.AspNetCore.Tests.Support;

/// <summary>
/// An app built the way a user would (the three lines), on the test server or on Kestrel at 127.0.0.1:0, with
/// fake time and recorded logs. Configuration comes only from the test, never from the runner's environment.
/// </summary>
internal sealed class LifecycleApp : IAsyncDisposable
{
    private LifecycleApp(WebApplication app, HttpClient client, FakeTimeProvider time, LogRecorder logs)
    {
        App = app;
        Client = client;
        Time = time;
        Logs = logs;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; }

    public LogRecorder Logs { get; }

    public KubernetesLifecycle Lifecycle => App.Services.GetRequiredService<KubernetesLifecycle>();

    public static async Task<LifecycleApp> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null,
        bool kestrel = false)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var logs = new LogRecorder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        if (kestrel)
        {
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Services.AddKubernetesLifecycle();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapKubernetesLifecycle();
        map?.Invoke(app);
        await app.StartAsync();
        var client = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
        return new LifecycleApp(app, client, time, logs);
    }

    private Task? _stop;

    /// <summary>Stops the host (once), moving fake time on until the drain (if any) is over.</summary>
    public async Task StopAsync()
    {
        var stop = _stop ??= App.StopAsync();
        for (var i = 0; i < 100 && !stop.IsCompleted; i++)
        {
            // The drain waits for a deadline, so moving time past it ends it whenever its timer is armed.
            Time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(stop, Task.Delay(TimeSpan.FromMilliseconds(50)));
        }

        await stop.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await App.DisposeAsync();
    }
}
