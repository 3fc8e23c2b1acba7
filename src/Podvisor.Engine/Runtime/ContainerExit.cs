namespace Podvisor.Engine.Runtime;

/// <summary>How an instance ended.</summary>
/// <param name="ExitCode">The exit status, or 128 + signal number when a signal killed it, as the kubelet reports it.</param>
/// <param name="Signal">The signal that killed it, if one did.</param>
internal sealed record ContainerExit(int ExitCode, int? Signal, DateTimeOffset FinishedAt);
