using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Podvisor.Engine.Images;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Server.Api;
using Podvisor.Server.Exec;
using Podvisor.Server.Logs;
using Podvisor.Server.Security;
using Podvisor.Server.Store;
using Podvisor.Server.Watch;

namespace Podvisor.Server.Hosting;

/// <summary>
/// The composition of <c>podvisor serve</c>: data dir (TLS identity, token, SQLite store, container state),
/// the engine fed by the store, and Kestrel serving the API over HTTPS with bearer-token authentication.
/// </summary>
internal sealed class PodvisorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly PodController _controller;
    private readonly PodEngine _engine;
    private readonly PodExec _exec;
    private readonly ITimer _eventExpiry;
    private readonly DataDirectoryLock _lock;
    private StoreConfigSource? _configs;
    private int _stopped;
    private Controllers.WorkloadControllers? _workloads;
    private Services.ServiceControllers? _services;
    private ServerCertificates? _certificates;
    private BearerToken? _token;

    private PodvisorServer(WebApplication app, ObjectStore store, PodController controller, PodEngine engine, PodExec exec, ITimer eventExpiry, DataDirectoryLock held, Uri url, string kubeconfigPath)
    {
        _lock = held;
        _app = app;
        _store = store;
        _controller = controller;
        _engine = engine;
        _exec = exec;
        _eventExpiry = eventExpiry;
        Url = url;
        KubeconfigPath = kubeconfigPath;
    }

    public Uri Url { get; }

    public string KubeconfigPath { get; }

    public ObjectStore Store => _store;

    /// <summary>
    /// A client of this server's own API, authenticated with its token and trusting exactly its certificate: how
    /// <c>podvisor run</c> creates a manifest's objects through the same routes kubectl uses, so defaulting,
    /// validation and error Statuses are the API's own.
    /// </summary>
    public HttpClient CreateClient()
    {
        var expected = _certificates!.Server.GetCertHashString();
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == expected,
        };
        var client = new HttpClient(handler) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token!.Value);
        return client;
    }

    public static async Task<PodvisorServer> StartAsync(ServerOptions options, IContainerRuntime runtime, IImageCatalog images, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.Address.IsIPv4MappedToIPv6)
        {
            throw new ArgumentException($"an IPv4-mapped IPv6 address ({options.Address}) cannot be listened on; use {options.Address.MapToIPv4()}");
        }

        if (!IPAddress.IsLoopback(options.Address) && !options.AllowNonLoopback)
        {
            throw new ArgumentException($"refusing to listen on the non-loopback address {options.Address}: pass --allow-non-loopback to expose the API beyond this machine");
        }

        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var held = DataDirectoryLock.Acquire(dataDirectory);
        try
        {
            return await StartLockedAsync(options, dataDirectory, held, runtime, images, time, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private static async Task<PodvisorServer> StartLockedAsync(
        ServerOptions options, string dataDirectory, DataDirectoryLock held, IContainerRuntime runtime, IImageCatalog images, TimeProvider time, CancellationToken cancellationToken)
    {
        var certificates = ServerCertificates.LoadOrCreate(dataDirectory, options.Address, time);
        var token = BearerToken.LoadOrCreate(dataDirectory);
        var store = ObjectStore.Open(Path.Combine(dataDirectory, "podvisor.db"), time);
        var engineOptions = new EngineOptions { StateDirectory = Path.Combine(dataDirectory, "state") };
        var controller = new PodController(store);
        var containers = new ContainerDirectory(runtime);
        IEngineObserver observer = options.Timeline is { } timeline ? new ObserverPair(controller, timeline.Observer) : controller;
        var configs = new StoreConfigSource(store);
        var engine = new PodEngine(containers, images, observer, engineOptions, time, configs: configs);
        var pods = new PodService(store, controller, time, engineOptions.NodeName);
        var namespaces = new NamespaceService(store, pods);
        namespaces.EnsureBuiltIn();
        store.Upsert(ResourceKind.Nodes, NodeObject.Build(engineOptions.NodeName, engineOptions.PodIp, time.GetUtcNow()));
        store.ExpireEvents();
        controller.Attach(engine);

        var exec = new PodExec(store, containers, time);
        var reader = new ResourceReader(store, new WatchStreamer(store, time), time);
        var logs = new PodLogs(store, engineOptions.StateDirectory, time);
        var subresources = new PodSubresources(store, pods, logs, exec, new PodAttach(store, containers, logs, time), time);
        var apps = new Apps.AppsService(store, time);
        var workloads = new Controllers.WorkloadControllers(store, pods, apps, time);
        var objects = new ObjectService(store);
        var serviceRoutes = new Services.ServiceRoutes(reader, new Services.ServiceRegistry(store, objects));
        var services = new Services.ServiceControllers(store, new Proxy.ServiceProxy(options.EndpointDelay, time, line => Console.Error.WriteLine($"podvisor: {line}")), time);
        var routes = new ApiRoutes(reader, pods, namespaces, objects, subresources, time, new Apps.AppsRoutes(store, reader, apps), serviceRoutes);

        WebApplication app;
        try
        {
            var timelineRoute = options.Timeline is { } pages ? new TimelineRoute(store, pages) : null;
            app = await StartWebAsync(options, certificates, token, routes, timelineRoute, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing was started for the pods yet; release the store and the engine before reporting.
            await engine.DisposeAsync().ConfigureAwait(false);
            await controller.DisposeAsync().ConfigureAwait(false);
            await configs.DisposeAsync().ConfigureAwait(false);
            store.Dispose();
            throw;
        }

        // Pods from an earlier run start only once the API is up, so a failed bind starts nothing.
        controller.Reconcile();
        workloads.Start();
        services.Start();
        // Kestrel always provides the addresses feature; after StartAsync it holds the bound port (for --port 0).
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = options.Address.Equals(IPAddress.Any) ? "127.0.0.1"
            : options.Address.Equals(IPAddress.IPv6Any) ? "[::1]"
            : options.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Address}]"
            : options.Address.ToString();
        var url = new Uri($"https://{host}:{port.ToString(CultureInfo.InvariantCulture)}");
        var kubeconfigPath = Path.Combine(dataDirectory, "kubeconfig");
        Kubeconfig.Write(kubeconfigPath, Kubeconfig.Render(url.ToString().TrimEnd('/'), certificates.CaPem, token.Value));
        held.Record(url);
        var expiry = time.CreateTimer(_ => store.ExpireEvents(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        return new PodvisorServer(app, store, controller, engine, exec, expiry, held, url, kubeconfigPath) { _workloads = workloads, _services = services, _configs = configs, _certificates = certificates, _token = token };
    }

    private static async Task<WebApplication> StartWebAsync(
        ServerOptions options, ServerCertificates certificates, BearerToken token, ApiRoutes routes, TimelineRoute? timelineRoute, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoHostLifetime>();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                listen.Use(PlainHttpRejection.Wrap);
                listen.UseHttps(certificates.Server);
            });
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use((context, next) =>
        {
            // Watches, log follows and execs end when the server stops, instead of holding shutdown open.
            var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            context.RequestAborted = linked.Token;
            context.Response.RegisterForDispose(linked);
            return next(context);
        });
        app.Use(ErrorsAsStatus);
        app.Use((context, next) => token.Accepts(context.Request.Headers.Authorization)
            ? next(context)
            : HttpJson.WriteAsync(context, 401, ApiStatus.Unauthorized()));
        app.UseStatusCodePages(StatusForEmptyAnswer);
        app.UseWebSockets();
        routes.Map(app);
        timelineRoute?.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot listen on {options.Address} port {options.Port.ToString(CultureInfo.InvariantCulture)}: {e.Message}", e);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return app;
    }

    /// <summary>
    /// Graceful shutdown: stop serving, freeze the store (pods keep their recorded state for the next start),
    /// then stop the containers within each pod's grace period; <paramref name="force"/> kills them at once.
    /// </summary>
    public async Task StopAsync(CancellationToken force)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _eventExpiry.DisposeAsync().ConfigureAwait(false);
        // The controllers stop first: no pod may be created or deleted for them while the server stops.
        if (_workloads is not null)
        {
            await _workloads.DisposeAsync().ConfigureAwait(false);
        }

        if (_services is not null)
        {
            await _services.DisposeAsync().ConfigureAwait(false);
        }

        _controller.Freeze();
        _exec.Dispose();
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _engine.DeleteAll();
        try
        {
            await _engine.WhenAllRemoved.WaitAsync(force).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _engine.DeleteAll(0);
        }

        await _engine.DisposeAsync().ConfigureAwait(false);
        await _controller.DisposeAsync().ConfigureAwait(false);
        if (_configs is not null)
        {
            await _configs.DisposeAsync().ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _store.Dispose();
        _lock.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync().ConfigureAwait(false);
        await StopAsync(now.Token).ConfigureAwait(false);
    }

    private static async Task ErrorsAsStatus(HttpContext context, Func<Task> next)
    {
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            if (!context.Response.HasStarted)
            {
                await HttpJson.WriteAsync(context, e.Code, e.ToStatus()).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (StoreErrors.IsStoreRefusal(e))
        {
            // The store's typed refusals get their Status here, at the HTTP boundary.
            if (!context.Response.HasStarted)
            {
                var status = StoreErrors.ToApi(e);
                await HttpJson.WriteAsync(context, status.Code, status.ToStatus()).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's verdict on the request itself (body over the limit, Content-Length longer than the body, a
            // malformed chunk): the client's fault, answered with a Status like every other error.
            if (!context.Response.HasStarted)
            {
                var status = e.StatusCode == 413
                    ? ApiStatus.Failure(413, "RequestEntityTooLarge", $"Request entity too large: limit is {RequestLimits.MaxBodyBytes.ToString(CultureInfo.InvariantCulture)}")
                    : ApiStatus.Failure(e.StatusCode, e.StatusCode == 408 ? "Timeout" : "BadRequest", e.Message);
                await HttpJson.WriteAsync(context, e.StatusCode, status).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            if (!context.Response.HasStarted)
            {
                await HttpJson.WriteAsync(context, 500, ApiStatus.Failure(500, "InternalError", $"Internal error occurred: {e.Message}")).ConfigureAwait(false);
            }
        }
    }

    private static Task StatusForEmptyAnswer(StatusCodeContext status)
    {
        var context = status.HttpContext;
        return context.Response.StatusCode switch
        {
            405 => HttpJson.WriteAsync(context, 405, ApiStatus.MethodNotAllowed(context.Request.Method).ToStatus()),
            404 => HttpJson.WriteAsync(context, 404, ApiStatus.ResourceNotFound().ToStatus()),
            _ => Task.CompletedTask,
        };
    }
}
