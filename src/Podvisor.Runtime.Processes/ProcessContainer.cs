using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Logging;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes;

/// <summary>
/// One container instance: a session/process group led by its main process, its log writer and the
/// two pipes feeding it. <see cref="Exited"/> completes on the reap, after what the process wrote
/// before exiting is in the log file; the pipes are then read until EOF or a short grace, never waited on for the exit.
/// </summary>
internal sealed class ProcessContainer : IRunningContainer, IKillIfRunning, ISignalsBySystemCall, IContainerStdin, IContainerTerminal
{
    private readonly ProcessContainerRuntime _runtime;
    private readonly ContainerContext _context;
    private readonly IsolatedView? _view;
    private readonly ProcessGroupLeader _leader;
    private readonly CriLogWriter _log;
    private readonly OutputPipe _stdout;
    private readonly OutputPipe? _stderr;
    private readonly TimeProvider _time;
    private readonly TimeSpan _outputGrace;
    private readonly Task _logsClosed;
    private readonly bool _signalsInitOnly;
    private readonly ContainerCgroup? _cgroup;

    // Cancelled when the main process has exited: every streaming exec still running is killed with it.
    private readonly CancellationTokenSource _stopped = new();

    public ProcessContainer(
        ProcessContainerRuntime runtime,
        string id,
        ContainerContext context,
        IsolatedView? view,
        ProcessGroupLeader leader,
        CriLogWriter log,
        OutputPipe stdout,
        OutputPipe? stderr,
        DateTimeOffset startedAt,
        TimeProvider time,
        TimeSpan outputGrace,
        bool signalsInitOnly,
        ContainerCgroup? cgroup = null)
    {
        _cgroup = cgroup;
        _runtime = runtime;
        Id = id;
        _context = context;
        _view = view;
        _leader = leader;
        _log = log;
        _stdout = stdout;
        _stderr = stderr;
        StartedAt = startedAt;
        _time = time;
        _outputGrace = outputGrace;
        _signalsInitOnly = signalsInitOnly;
        Exited = ObserveExitAsync();
        _logsClosed = CloseLogsAfterExitAsync();
    }

    public string Id { get; }

    /// <summary>The stdin the runtime holds open for a <c>stdin: true</c> container; null: its stdin is /dev/null.</summary>
    public ContainerStdinPipe? StdinPipe { get; init; }

    /// <summary>With <c>tty</c>: the container's terminal's window size; closed with the container.</summary>
    public TerminalWindow? Terminal { get; init; }

    /// <summary>Sets the terminal's window size (<c>kubectl attach -t</c>'s resizes); nothing without a terminal or once removed.</summary>
    public Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken)
    {
        Terminal?.Resize(width, height);
        return Task.CompletedTask;
    }

    public int ProcessId => _leader.Pid;

    public DateTimeOffset StartedAt { get; }

    public Task<ContainerExit> Exited { get; }

    /// <summary>
    /// In a PID namespace, to the container's first process alone, as runc delivers a stop signal (so a PID 1 without
    /// a handler ignores SIGTERM, and a wrapper shell does not pass it on). Without one, to the whole process group.
    /// </summary>
    public void Signal(int signal)
    {
        if (_signalsInitOnly)
        {
            _leader.SignalLeader(signal);
        }
        else
        {
            _leader.Signal(signal);
        }
    }

    /// <summary>The grace period's SIGKILL, delivered as <see cref="Signal"/> delivers, unless the main process has exited.</summary>
    public bool SignalIfRunning(int signal) => _leader.SignalIfRunning(leaderOnly: _signalsInitOnly, signal);

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken) =>
        _runtime.ExecAsync(_context, _view, _cgroup, command, timeout, cancellationToken);

    public Task<IExecSession> StartExecAsync(IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_runtime.StartExec(_context, _view, _cgroup, command, streams, _stopped.Token));
    }

    /// <summary>Kills the group if it still runs, waits for the reap and for the log file to be closed.</summary>
    public async ValueTask DisposeAsync()
    {
        _leader.Signal(Signals.SigKill);
        await Exited.ConfigureAwait(false);

        // Also here: an exit seen before the pipe was handed over (in the constructor) did not close it.
        StdinPipe?.Dispose();
        await _logsClosed.ConfigureAwait(false);
        _runtime.Forget(this);
        DeleteScratch();
        _cgroup?.Dispose();
        Terminal?.Dispose();
    }

    /// <summary>One <c>kubectl attach -i</c>'s input to the stdin the runtime holds (see <see cref="ContainerStdinPipe"/>).</summary>
    public Task<Stream> OpenStdinAsync(CancellationToken cancellationToken) =>
        StdinPipe is { } pipe ? Task.FromResult(pipe.Open()) : throw new InvalidOperationException($"container {Id} was started without stdin");

    private async Task<ContainerExit> ObserveExitAsync()
    {
        var exit = await _leader.Exited.ConfigureAwait(false);
        StdinPipe?.Dispose();
        KillStamps.Mark(_leader.Pid, "observed");
        await _stopped.CancelAsync().ConfigureAwait(false);

        // The namespace dies with the container; an exec after this is refused, never run in a stale view.
        _view?.Handles?.Close();

        // The exit handler drained the pipes before the reap, so this barrier follows every line written before exit.
        await _log.FlushAsync().ConfigureAwait(false);
        KillStamps.Mark(_leader.Pid, "flushed");

        // containerd's reason when the kernel's OOM killer struck in the container's cgroup, whichever process it killed.
        return _cgroup?.OomKilled() == true ? exit with { Reason = "OOMKilled" } : exit;
    }

    private async Task CloseLogsAfterExitAsync()
    {
        await _leader.Exited.ConfigureAwait(false);

        // The group was SIGKILLed with the exit, so EOF comes at once unless something escaped the group.
        using var grace = new CancellationTokenSource(_outputGrace, _time);
        try
        {
            await _log.Completion.WaitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _stdout.Close();
            _stderr?.Close();
        }

        await _log.Completion.ConfigureAwait(false);
    }

    /// <summary>Removes the instance's writable state (its /tmp), as removing a container removes its writable layer.</summary>
    private void DeleteScratch()
    {
        if (_view?.ScratchDirectory is { } scratch && Directory.Exists(scratch))
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Files a container made unremovable stay until the pod directory is removed; nothing to report here.
            }
        }
    }
}
