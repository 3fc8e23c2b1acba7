using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes;

/// <summary>
/// A streaming exec: its own session/process group, owned by the runtime like a container. <see cref="Exited"/>
/// completes on the reap, after what it wrote before exiting was read from the pipes; the pipes then end at EOF, or
/// are closed after the output grace when something that escaped the group still holds them.
/// </summary>
internal sealed class ProcessExecSession : IExecSession
{
    private readonly ProcessGroupLeader? _leader;
    private readonly PipeReadStream? _stdout;
    private readonly PipeReadStream? _stderr;
    private readonly Task _outputClosed;

    public ProcessExecSession(
        ProcessGroupLeader leader, Stream? stdin, PipeReadStream stdout, PipeReadStream? stderr, TimeProvider time, TimeSpan outputGrace)
    {
        _leader = leader;
        _stdout = stdout;
        _stderr = stderr;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        Exited = ObserveExitAsync(leader);
        _outputClosed = CloseOutputAfterExitAsync(time, outputGrace);
    }

    private ProcessExecSession(ExecStartFailure failure)
    {
        StartFailure = failure;
        Stdout = Stream.Null;
        Stderr = Stream.Null;
        Exited = Task.FromResult(failure.ExitCode);
        _outputClosed = Task.CompletedTask;
    }

    public ExecStartFailure? StartFailure { get; }

    public Stream? Stdin { get; }

    public Stream Stdout { get; }

    public Stream? Stderr { get; }

    public Task<int> Exited { get; }

    /// <summary>With a terminal: its window size; closed with the session.</summary>
    public TerminalWindow? Terminal { get; init; }

    public static ProcessExecSession Failed(ExecStartFailure failure) => new(failure);

    public void Kill() => _leader?.Signal(Signals.SigKill);

    /// <summary>Sets the terminal's window size (the command's foreground group gets SIGWINCH); nothing without a terminal.</summary>
    public Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken)
    {
        Terminal?.Resize(width, height);
        return Task.CompletedTask;
    }

    /// <summary>Kills the command if it still runs, waits for the reap, and closes every stream.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        await Exited.ConfigureAwait(false);
        Terminal?.Dispose();
        if (Stdin is not null)
        {
            await Stdin.DisposeAsync().ConfigureAwait(false);
        }

        _stdout?.CloseDescriptor();
        _stderr?.CloseDescriptor();
        await _outputClosed.ConfigureAwait(false);
    }

    private static async Task<int> ObserveExitAsync(ProcessGroupLeader leader) => (await leader.Exited.ConfigureAwait(false)).ExitCode;

    private async Task CloseOutputAfterExitAsync(TimeProvider time, TimeSpan grace)
    {
        await Exited.ConfigureAwait(false);

        // The group was SIGKILLed with the exit, so EOF comes at once unless something escaped the group.
        var ended = Task.WhenAll(_stdout!.Ended, _stderr?.Ended ?? Task.CompletedTask);
        using var timeout = new CancellationTokenSource(grace, time);
        try
        {
            await ended.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _stdout.CloseDescriptor();
            _stderr?.CloseDescriptor();
        }

        await ended.ConfigureAwait(false);
    }
}
