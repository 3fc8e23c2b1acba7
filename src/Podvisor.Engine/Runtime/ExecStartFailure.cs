namespace Podvisor.Engine.Runtime;

/// <summary>
/// Why an exec could not start, as a shell or runc would say it: 127 when the command is not found,
/// 126 when it cannot run there (its working directory is gone, the container has stopped, ...).
/// </summary>
public sealed record ExecStartFailure(int ExitCode, string Message);
