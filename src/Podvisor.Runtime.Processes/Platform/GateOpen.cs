namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// Two FIFOs the child opens just before exec, relative to <paramref name="DirectoryFd"/>: <paramref name="Arrived"/>
/// for writing, then <paramref name="Proceed"/> for reading; then it returns to <paramref name="WorkingDirectoryFd"/>.
/// By descriptor, not path: a path could resolve differently once its view of the filesystem changes (a new /proc).
/// The closefrom that follows closes both before exec.
/// </summary>
internal sealed record GateOpen(int DirectoryFd, string Arrived, string Proceed, int WorkingDirectoryFd);
