namespace RandomGenerator;

/// <summary>
/// What the original does in <c>main</c> before Spring starts, and on <c>ApplicationReadyEvent</c>.
/// <c>StartingAsync</c> runs before the server's <c>StartAsync</c>, so nothing listens on the port until the
/// postStart file is there and <c>DELAY_STARTUP</c> has passed, exactly as the JVM did not start Tomcat.
/// </summary>
internal sealed class StartupGate(
    RandomGeneratorSettings settings,
    ReadyFile readyFile,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedLifecycleService, IDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger(RandomGeneratorLog.Category);
    private CancellationTokenRegistration _shutdownHook;

    /// <summary>How often the file is looked for; the wait is logged only every <see cref="LogInterval"/>.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The original sleeps 10 s between checks; we check each second so that serving starts as soon as the hook is done, and keep its 10 s log cadence.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // The original's JVM shutdown hook: SIGTERM reaches the host as ApplicationStopping. Registered here,
        // after the host linked its start token to ApplicationStopping, so that it runs first (callbacks run
        // last-registered first) even when a SIGTERM cancels the start below.
        _shutdownHook = lifetime.ApplicationStopping.Register(() => RandomGeneratorLog.ShutdownHookCalled(_logger));
        if (settings.WaitForPostStart)
        {
            var message = await WaitForPostStartAsync(cancellationToken).ConfigureAwait(false);
            RandomGeneratorLog.PostStartMessage(_logger, message);
        }
        else
        {
            RandomGeneratorLog.NoWaitForPostStart(_logger);
        }

        readyFile.Set(false);
        if (settings.DelayStartup > TimeSpan.Zero)
        {
            // Created before the log line, so that whoever reads the line knows the delay is already running.
            var delay = Task.Delay(settings.DelayStartup, time, cancellationToken);
            RandomGeneratorLog.DelayingStartup(_logger, (long)settings.DelayStartup.TotalSeconds);
            await delay.ConfigureAwait(false);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var info = SystemInfo.Memory();
        RandomGeneratorLog.MaxHeapMemory(_logger, info.MaxMegabytes);
        RandomGeneratorLog.UsedHeapMemory(_logger, info.UsedMegabytes);
        RandomGeneratorLog.FreeMemory(_logger, info.FreeMegabytes);
        RandomGeneratorLog.Processors(_logger, Environment.ProcessorCount);
        if (!readyFile.Set(true))
        {
            RandomGeneratorLog.ReadyFileUnwritable(_logger, readyFile.Path);
        }

        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _shutdownHook.Dispose();

    private async Task<string> WaitForPostStartAsync(CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new Lock();
        var nextLog = time.GetUtcNow();
        var sawEmpty = false;

        void Check()
        {
            lock (gate)
            {
                if (found.Task.IsCompleted)
                {
                    return;
                }

                var file = new FileInfo(settings.PostStartFile);
                // `echo ... > FILE` creates the file before it writes: an empty file gets one more poll to fill.
                if (file.Exists && (file.Length > 0 || sawEmpty))
                {
                    found.TrySetResult();
                    return;
                }

                sawEmpty = file.Exists;
                var now = time.GetUtcNow();
                if (now >= nextLog)
                {
                    RandomGeneratorLog.WaitingForPostStart(_logger);
                    nextLog = now + LogInterval;
                }
            }
        }

        // The timer exists before the first check logs, so that a reader of the first line can drive time.
        using (var timer = time.CreateTimer(_ => Check(), null, PollInterval, PollInterval))
        {
            Check();
            await found.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var content = await File.ReadAllTextAsync(settings.PostStartFile, cancellationToken).ConfigureAwait(false);
        return content.TrimEnd('\r', '\n');
    }
}
