namespace Podvisor.Engine.Probes;

/// <summary>One probe attempt: its result, the handler's output, and the error when it could not run at all.</summary>
/// <param name="Error">Set when the probe errored (kubelet: the prober returned an error); the result is then discarded.</param>
internal sealed record ProbeOutcome(ProbeResult Result, string Output, string? Error = null)
{
    public static ProbeOutcome Success(string output = "") => new(ProbeResult.Success, output);

    public static ProbeOutcome Failure(string output) => new(ProbeResult.Failure, output);

    public static ProbeOutcome Warning(string output) => new(ProbeResult.Warning, output);

    public static ProbeOutcome Errored(string error) => new(ProbeResult.Unknown, string.Empty, error);

    public bool IsError => Error is not null;

    /// <summary>Success and Warning count as a passed check.</summary>
    public bool Passed => Error is null && Result is ProbeResult.Success or ProbeResult.Warning;
}
