namespace Podvisor.Cli.Rollout;

/// <summary>The <c>--rollout</c> flags of <c>run</c>.</summary>
/// <param name="Path">The HTTP GET path of each request.</param>
/// <param name="Rate">Requests per second, each on a new connection.</param>
/// <param name="Timeout">The bound on each wait: for the app to become available, and for each restart to complete.</param>
/// <param name="Service">Which Service to send the load through; null: the only one in the files.</param>
internal sealed record RolloutOptions(string Path, int Rate, TimeSpan Timeout, string? Service)
{
    /// <summary>How long one request may take before it counts as a timeout.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Load kept up after the last rollout completes, so late failures (a lagging endpoint) are still seen.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
}
