namespace Podvisor.Runtime.Processes.Platform;

/// <summary>A fully resolved process to start: an executable path, its argv and environment (<c>KEY=value</c>).</summary>
/// <param name="StdoutFd">The descriptor the child writes as stdout; null means /dev/null.</param>
/// <param name="StdinFd">The descriptor the child reads as stdin; null means /dev/null (immediate EOF).</param>
/// <param name="Gate">FIFOs the child opens just before exec (a <see cref="Isolation.StartGate"/>): it waits there until released.</param>
/// <param name="InheritedFds">Descriptors the child gets as 3, 4, ... in this order (a setup pipe, namespace handles); every other one above 2 is closed.</param>
/// <param name="Terminal">A pseudoterminal's slave (<c>/dev/pts/N</c>): the child's stdin, stdout, stderr and controlling terminal, instead of the descriptors above.</param>
internal sealed record SpawnRequest(
    string Path,
    IReadOnlyList<string> Argv,
    IReadOnlyList<string> Environment,
    string? WorkingDirectory,
    int? StdoutFd,
    int? StderrFd,
    int? StdinFd = null,
    IReadOnlyList<int>? InheritedFds = null,
    GateOpen? Gate = null,
    string? Terminal = null);
