namespace RandomGenerator;

/// <summary>The original's log lines, word for word where it has them.</summary>
internal static partial class RandomGeneratorLog
{
    /// <summary>One logger for the app's own lines, named like the original's class.</summary>
    public const string Category = "RandomGenerator.RandomGeneratorApplication";

    [LoggerMessage(1, LogLevel.Information, "Waiting for postStart to be finished ....")]
    public static partial void WaitingForPostStart(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "postStart Message: {Message}")]
    public static partial void PostStartMessage(ILogger logger, string message);

    [LoggerMessage(3, LogLevel.Information, "No WAIT_FOR_POST_START configured")]
    public static partial void NoWaitForPostStart(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Delaying startup for {Seconds}s (DELAY_STARTUP)")]
    public static partial void DelayingStartup(ILogger logger, long seconds);

    [LoggerMessage(5, LogLevel.Information, "SHUTDOWN NOW")]
    public static partial void ShutdownNow(ILogger logger);

    [LoggerMessage(6, LogLevel.Information, ">>>> SHUTDOWN HOOK called. Possibly because of a SIGTERM from Kubernetes")]
    public static partial void ShutdownHookCalled(ILogger logger);

    [LoggerMessage(7, LogLevel.Information, "=== Max Heap Memory:  {Megabytes} MB")]
    public static partial void MaxHeapMemory(ILogger logger, long megabytes);

    [LoggerMessage(8, LogLevel.Information, "=== Used Heap Memory: {Megabytes} MB")]
    public static partial void UsedHeapMemory(ILogger logger, long megabytes);

    [LoggerMessage(9, LogLevel.Information, "=== Free Memory:      {Megabytes} MB")]
    public static partial void FreeMemory(ILogger logger, long megabytes);

    [LoggerMessage(10, LogLevel.Information, "=== Processors:       {Processors}")]
    public static partial void Processors(ILogger logger, int processors);

    [LoggerMessage(11, LogLevel.Warning, "Can't create 'ready' file {Path} used in readiness check. Possibly running locally, so ignoring it")]
    public static partial void ReadyFileUnwritable(ILogger logger, string path);

    [LoggerMessage(12, LogLevel.Error, "Invalid configuration: {Message}")]
    public static partial void InvalidSettings(ILogger logger, string message);
}
