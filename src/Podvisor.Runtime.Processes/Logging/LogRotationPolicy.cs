namespace Podvisor.Runtime.Processes.Logging;

/// <summary>
/// The kubelet's <c>containerLogMaxSize</c> / <c>containerLogMaxFiles</c> (pkg/kubelet/logs/container_log_manager.go,
/// <c>LogRotatePolicy</c>): a log at or above <paramref name="MaxSizeBytes"/> is rotated, and at most
/// <paramref name="MaxFiles"/> files (the live one included) are kept. A negative size disables rotation.
/// </summary>
internal sealed record LogRotationPolicy(long MaxSizeBytes, int MaxFiles)
{
    /// <summary>The kubelet's defaults: <c>containerLogMaxSize: 10Mi</c>, <c>containerLogMaxFiles: 5</c>.</summary>
    public static LogRotationPolicy Default { get; } = new(10L * 1024 * 1024, 5);

    public bool Enabled => MaxSizeBytes >= 0;

    /// <summary>The kubelet refuses to start with fewer than two files (NewContainerLogManager).</summary>
    public void Validate()
    {
        if (MaxFiles <= 1)
        {
            throw new ArgumentException($"invalid MaxFiles {MaxFiles}, must be > 1", nameof(MaxFiles));
        }
    }
}
