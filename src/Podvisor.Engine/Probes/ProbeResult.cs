namespace Podvisor.Engine.Probes;

/// <summary>
/// What one probe attempt found (kubelet <c>pkg/probe.Result</c>): a warning counts as a success but is
/// reported; unknown means the probe could not even be run.
/// </summary>
internal enum ProbeResult
{
    Success,
    Warning,
    Failure,
    Unknown,
}
