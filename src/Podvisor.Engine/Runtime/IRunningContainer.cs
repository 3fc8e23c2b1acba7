namespace Podvisor.Engine.Runtime;

/// <summary>One started container instance: a process group that the runtime owns until it is reaped.</summary>
public interface IRunningContainer : IAsyncDisposable
{
    /// <summary>The runtime's id for this instance.</summary>
    string Id { get; }

    /// <summary>The host PID of the instance's first process.</summary>
    int ProcessId { get; }

    /// <summary>When the runtime started the process (the kubelet's <c>state.running.startedAt</c>).</summary>
    DateTimeOffset StartedAt { get; }

    /// <summary>Completes once the main process has exited and been reaped.</summary>
    Task<ContainerExit> Exited { get; }

    /// <summary>Sends <paramref name="signal"/> to the container's whole process group; a no-op once it is gone.</summary>
    void Signal(int signal);

    /// <summary>
    /// Runs a command in the container's context (its environment, working directory and filesystem view),
    /// as hooks and exec probes do. A timeout kills the command and reports <see cref="ExecResult.TimedOut"/>; a command
    /// that cannot start at all throws <see cref="ExecStartException"/> with the runtime's error, as CRI's ExecSync fails.
    /// </summary>
    Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a command in the container's context with its standard streams attached to the caller, as
    /// <c>kubectl exec</c> does. A command that cannot start is a session with <see cref="IExecSession.StartFailure"/> set.
    /// </summary>
    Task<IExecSession> StartExecAsync(IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken);
}
