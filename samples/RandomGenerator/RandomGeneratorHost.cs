namespace RandomGenerator;

/// <summary>Runs the app and turns the ways it can end into exit codes: 0 for any requested stop, 1 for bad settings.</summary>
internal static class RandomGeneratorHost
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RandomGeneratorLog.Category);
        // Taken now: once RunAsync returns, the host and its services are disposed. (The shutdown hook's log
        // line is StartupGate's.)
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // SIGTERM while still waiting for postStart: the start was cancelled, and that is a clean stop.
            return 0;
        }
        catch (SettingsException e)
        {
            RandomGeneratorLog.InvalidSettings(logger, e.Message);
            return 1;
        }
    }
}
