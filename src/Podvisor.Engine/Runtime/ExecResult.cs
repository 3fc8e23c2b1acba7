namespace Podvisor.Engine.Runtime;

/// <summary>The outcome of a command run in a container's context.</summary>
/// <param name="Output">Combined stdout and stderr, truncated to a sane size.</param>
public sealed record ExecResult(int ExitCode, string Output, bool TimedOut);
