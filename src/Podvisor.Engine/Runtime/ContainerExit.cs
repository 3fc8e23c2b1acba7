namespace Podvisor.Engine.Runtime;

/// <summary>How an instance ended.</summary>
/// <param name="ExitCode">The exit status, or 128 + signal number when a signal killed it, as the kubelet reports it.</param>
/// <param name="Signal">The signal that killed it, if one did.</param>
/// <param name="Reason">
/// The runtime's own reason for the end (containerd's <c>OOMKilled</c>); null lets the engine say
/// <c>Completed</c> or <c>Error</c> from the exit code, as the kubelet does when the runtime gives none.
/// </param>
public sealed record ContainerExit(int ExitCode, int? Signal, DateTimeOffset FinishedAt, string? Reason = null);
