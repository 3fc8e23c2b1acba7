using System.Collections.Concurrent;
using System.Net;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Podvisor.Runtime.Processes.Tests.Support;

/// <summary>
/// Real endpoints on 127.0.0.1 free ports for probe tests: HTTP/1.1 (<c>/healthz</c> answers
/// <see cref="HttpStatus"/> after <see cref="HttpDelay"/>; <c>/redirect?to=URL</c> answers 302) and gRPC over h2c
/// with the standard health service.
/// </summary>
internal sealed class ProbeEndpoints : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProbeEndpoints(WebApplication app, HealthServiceImpl health)
    {
        _app = app;
        Health = health;
    }

    public HealthServiceImpl Health { get; }

    public int HttpPort { get; private set; }

    public int GrpcPort { get; private set; }

    public volatile int HttpStatus = 200;

    public TimeSpan HttpDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The User-Agent header of every gRPC call, in order.</summary>
    public ConcurrentQueue<string> GrpcUserAgents { get; } = new();

    /// <summary>The User-Agent of every HTTP request, in order.</summary>
    public ConcurrentQueue<string> UserAgents { get; } = new();

    public static async Task<ProbeEndpoints> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var health = new HealthServiceImpl();
        builder.Services.AddSingleton(health);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        var endpoints = new ProbeEndpoints(app, health);
        app.Use(async (context, next) =>
        {
            if (context.Request.Protocol == "HTTP/2")
            {
                endpoints.GrpcUserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            }

            await next(context);
        });
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGet("/healthz", async (HttpContext context) =>
        {
            endpoints.UserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            if (endpoints.HttpDelay > TimeSpan.Zero)
            {
                await Task.Delay(endpoints.HttpDelay, context.RequestAborted);
            }

            context.Response.StatusCode = endpoints.HttpStatus;
            await context.Response.WriteAsync("hello from healthz");
        });
        app.MapGet("/redirect", (HttpContext context) => Results.Redirect(context.Request.Query["to"].ToString()));
        await app.StartAsync();
        var addresses = app.Urls.Select(u => new Uri(u).Port).ToList();
        endpoints.HttpPort = addresses[0];
        endpoints.GrpcPort = addresses[1];
        return endpoints;
    }

    public void SetGrpc(HealthCheckResponse.Types.ServingStatus status) => Health.SetStatus(string.Empty, status);

    /// <summary>A port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
