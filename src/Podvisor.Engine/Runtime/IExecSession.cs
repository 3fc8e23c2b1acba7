namespace Podvisor.Engine.Runtime;

/// <summary>
/// A command running in a container with its standard streams attached to the caller, as a CRI exec is.
/// The runtime owns the process until it is reaped: it is killed with the container, and on runtime disposal.
/// </summary>
public interface IExecSession : IAsyncDisposable
{
    /// <summary>Set when the command never started; <see cref="Exited"/> then has its exit code (126/127) and the streams are empty.</summary>
    ExecStartFailure? StartFailure { get; }

    /// <summary>The command's stdin, when asked for; disposing it is the EOF the command reads.</summary>
    Stream? Stdin { get; }

    /// <summary>The command's stdout (with a tty, stdout and stderr); ends once the command exited and its output is read.</summary>
    Stream Stdout { get; }

    /// <summary>The command's stderr; null with a tty, where it is merged into <see cref="Stdout"/>.</summary>
    Stream? Stderr { get; }

    /// <summary>Completes with the exit code once the command has exited and been reaped (128 + signal when killed).</summary>
    Task<int> Exited { get; }

    /// <summary>SIGKILLs the command's whole process group; a no-op once it is gone.</summary>
    void Kill();

    /// <summary>
    /// Sets the window size of the command's terminal (<c>kubectl exec -t</c>'s resize channel: columns and rows, as the
    /// kubelet passes a <c>TerminalSize</c> to the runtime); nothing when it has no terminal.
    /// </summary>
    Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken);
}
