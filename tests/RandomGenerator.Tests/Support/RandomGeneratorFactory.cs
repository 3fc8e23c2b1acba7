using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Lifecycle.AspNetCore.Tests.Support;

namespace RandomGenerator.Tests.Support;

/// <summary>
/// The sample on the test server, configured through the same keys as its environment variables. Files it
/// would keep in /tmp live in a directory of the test's own, removed on disposal; the drain delay is 0 unless
/// a test sets it, so that stopping does not wait.
/// </summary>
internal sealed class RandomGeneratorFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public RandomGeneratorFactory(IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null)
        : this(_ => settings ?? new Dictionary<string, string?>(), time)
    {
    }

    /// <param name="settingsInDirectory">The settings, given the test's directory (for files the app writes).</param>
    /// <param name="time">Fake time for the app, or null for the system clock.</param>
    public RandomGeneratorFactory(Func<string, IDictionary<string, string?>> settingsInDirectory, FakeTimeProvider? time = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("random-generator-tests-").FullName;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["POST_START_FILE"] = PostStartFile,
            ["READY_FILE"] = ReadyFile,
            ["DRAIN_DELAY_SECONDS"] = "0",
        };
        foreach (var (key, value) in settingsInDirectory(Directory))
        {
            _settings[key] = value;
        }

        Time = time;
    }

    public string Directory { get; }

    public string PostStartFile => Path.Combine(Directory, "postStart-done");

    public string ReadyFile => Path.Combine(Directory, "random-generator-ready");

    public FakeTimeProvider? Time { get; }

    public LogRecorder Logs { get; } = new();

    /// <summary>The host's lifetime, available as soon as the host starts (before any start-up wait).</summary>
    public Task<IHostApplicationLifetime> HostLifetime => _lifetime.Task;

    private readonly TaskCompletionSource<IHostApplicationLifetime> _lifetime = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _startFailed;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            // Hosted services are all built before the first one starts, so this hands out the lifetime even
            // while the app's start-up gate blocks.
            services.AddSingleton<IHostedService>(provider => new LifetimeCapture(provider.GetRequiredService<IHostApplicationLifetime>(), _lifetime));
            if (Time is not null)
            {
                services.AddSingleton<TimeProvider>(Time);
            }
        });
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        try
        {
            return base.CreateHost(builder);
        }
        catch
        {
            _startFailed = true;
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (Exception) when (_startFailed)
        {
            // The factory stops a host that never started, which the generic host does not support: the
            // test already asserted what the failed start did.
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }

    private sealed class LifetimeCapture : IHostedService
    {
        public LifetimeCapture(IHostApplicationLifetime lifetime, TaskCompletionSource<IHostApplicationLifetime> captured) => captured.TrySetResult(lifetime);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
