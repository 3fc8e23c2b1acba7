using System.Text;
using System.Text.Json;
using Grpc.Core;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Cri.Api;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// One started CRI container. Signals reach it as the kubelet's <c>killContainer</c> and containerd's
/// <c>StopContainer</c> deliver them: the stop signal (the image's STOPSIGNAL, else SIGTERM, or the spec's
/// <c>lifecycle.stopSignal</c>) to PID 1 only, then SIGKILL once the grace period has run. When podvisor holds the init
/// process's pidfd (<see cref="CriInitProcess"/>) both go through it, the stop signal when the engine's grace clock
/// starts and the SIGKILL at its deadline, followed by a <c>StopContainer</c> with timeout 0 for containerd's record;
/// without one the stop signal is a <c>StopContainer</c> with a long timeout and the SIGKILL one with timeout 0. The exit is seen
/// when that pidfd becomes readable, then read from <c>ContainerStatus</c> (exit code, reason, finishedAt); without
/// a pidfd the status is polled. The kill timer's thread sends the deadline's SIGKILL through
/// <see cref="SignalIfRunning"/>: the pidfd when one is held, the <c>StopContainer</c> alone when not.
/// </summary>
internal sealed class CriContainer : IRunningContainer, IRuntimeStopSignal, IContainerStdin, IContainerTerminal, IKillIfRunning
{
    private readonly CriContainerRuntime _runtime;
    private readonly TaskCompletionSource<ContainerExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CriLogFollower? _logs;
    private readonly CriInitProcess? _init;
    private readonly bool _stdin;
    private readonly bool _tty;
    private CriStdinStream? _lastAttach;
    private Task _poll = Task.CompletedTask;
    private TimeSpan _confirmDelay;
    private long _deathSeenAt;
    private bool _backingOff;
    private int _disposed;
    private int _pidfdKills;
    private int _pidfdStopSignals;
    private int _stopContainerKills;
    private int _stopContainerCalls;
    private int _boosts;

    /// <param name="stopContainerSignal">The signal containerd's <c>StopContainer</c> sends to this container (the image's STOPSIGNAL, else SIGTERM); null when unknown.</param>
    public CriContainer(CriContainerRuntime runtime, string id, ContainerStatusResponse status, ContainerLaunch launch, int? stopContainerSignal)
    {
        _runtime = runtime;
        Id = id;
        DefaultStopSignal = stopContainerSignal;
        StartedAt = status.Status.StartedAt > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(status.Status.StartedAt / 1_000_000).AddTicks(status.Status.StartedAt % 1_000_000 / 100)
            : runtime.Time.GetUtcNow();
        ProcessId = PidOf(status);
        _stdin = launch.Stdin;
        _tty = launch.Tty;
        _init = runtime.Options.WatchInitProcess ? runtime.OpenInitProcess(ProcessId, id) : null;
        if (launch.OnLogLine is { } onLine)
        {
            _logs = new CriLogFollower(launch, onLine, runtime.Time, runtime.Options.LogPollInterval);
        }
    }

    public string Id { get; }

    public int ProcessId { get; }

    public DateTimeOffset StartedAt { get; }

    public Task<ContainerExit> Exited => _exited.Task;

    /// <summary>What containerd's <c>StopContainer</c> sends: the image's STOPSIGNAL, else SIGTERM (null: unknown).</summary>
    public int? DefaultStopSignal { get; }

    /// <summary>Whether the init process is watched by a pidfd (else its exit is found by polling).</summary>
    internal bool WatchesInitProcess => _init is not null;

    /// <summary>The init pidfd, for tests that make its signals fail; null when none is held.</summary>
    internal CriInitProcess? InitProcess => _init;

    /// <summary>SIGKILLs sent to the init process through its pidfd (the precise path).</summary>
    internal int PidfdKills => Volatile.Read(ref _pidfdKills);

    /// <summary>Stop signals sent to the init process through its pidfd, not through <c>StopContainer</c>.</summary>
    internal int PidfdStopSignals => Volatile.Read(ref _pidfdStopSignals);

    /// <summary>Kills after which the container's cgroup CPU weight was raised (<see cref="DyingContainerBoost"/>).</summary>
    internal int DyingBoosts => Volatile.Read(ref _boosts);

    /// <summary><c>StopContainer</c> calls, whatever their timeout, that containerd answered.</summary>
    internal int StopContainerCalls => Volatile.Read(ref _stopContainerCalls);

    /// <summary><c>StopContainer</c> calls with timeout 0 that containerd answered (the backstop, or the only kill without a pidfd).</summary>
    internal int StopContainerKills => Volatile.Read(ref _stopContainerKills);

    public void Start()
    {
        _logs?.Start(_stopping.Token);
        _poll = PollAsync(_stopping.Token);
    }

    public void Signal(int signal)
    {
        if (_exited.Task.IsCompleted || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        if (signal == Signals.SigKill)
        {
            Kill();
            return;
        }

        if (DefaultStopSignal is not null && _init is not null && _init.TrySignal(signal))
        {
            // Delivered to PID 1 alone through the pidfd, as runc's kill delivers it, at the moment the engine's grace
            // clock starts. Through StopContainer the signal lands only after containerd, its shim and a `runc kill`
            // process have run (≈ 35 ms, bench scenario 8's "SIGTERM delivery"), so a kill at the engine's deadline cut
            // the container's grace by that much. It also delivers the spec's lifecycle.stopSignal, which containerd 1.6
            // would not send (it ignores CRI's stop_signal and stops with the image's). No StopContainer now, or
            // containerd would follow with its own signal; the one with timeout 0 comes with the kill. When the image's
            // own signal is unknown, containerd chooses it: the StopContainer below.
            Interlocked.Increment(ref _pidfdStopSignals);
            return;
        }

        _ = StopAsync((long)_runtime.Options.StopSignalCallTimeout.TotalSeconds);
    }

    /// <summary>
    /// The kill timer's path (<see cref="PreciseKillTimer"/>'s realtime thread, at the deadline): SIGKILL through the init
    /// pidfd, with the <c>StopContainer</c> (timeout 0) handed to the thread pool; false, sending nothing, when the init
    /// process has already been reaped. Signal 0 is the timer's rehearsal when the kill is armed: it runs the same
    /// system call with the null signal and the same hand-over with nothing to do, so the deadline runs warm code.
    /// </summary>
    public bool SignalIfRunning(int signal)
    {
        if (signal == 0)
        {
            _init?.Send(0);
            if (_runtime.Options.BoostDyingContainer)
            {
                _init?.Boost?.Prepare();
            }

            ThreadPool.UnsafeQueueUserWorkItem(static state => state.FollowKill(BackstopKind.Rehearsal), this, preferLocal: false);
            return true;
        }

        if (_exited.Task.IsCompleted || Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        if (signal != Signals.SigKill)
        {
            Signal(signal);
            return true;
        }

        return Kill();
    }

    /// <summary>SIGKILL as the kubelet's <c>killContainer</c> ends a grace period; false when the init process was already reaped.</summary>
    private bool Kill()
    {
        var outcome = _init?.Send(Signals.SigKill) ?? InitSignalOutcome.Failed;
        if (outcome == InitSignalOutcome.Exited)
        {
            // Dead and reaped on its own: the exit watch reports it; there is nothing to kill.
            return false;
        }

        // Never on the caller's thread, which may be the kill timer's: it must not wait on gRPC.
        if (outcome == InitSignalOutcome.Sent)
        {
            Interlocked.Increment(ref _pidfdKills);

            // After the signal, never before: from here the container's PID 1 runs only the kernel's exit.
            if (_runtime.Options.BoostDyingContainer && _init!.Boost?.Apply() == true)
            {
                Interlocked.Increment(ref _boosts);
            }

            ThreadPool.UnsafeQueueUserWorkItem(static state => state.FollowKill(BackstopKind.AfterPidfdKill), this, preferLocal: false);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.FollowKill(BackstopKind.Kill), this, preferLocal: false);
        }

        return true;
    }

    /// <summary>
    /// The <c>StopContainer</c> (timeout 0) of the kill. Without a pidfd kill it is the kill itself, sent at once. After
    /// one it is the kubelet's own call, so containerd records the stop as on a node, and the backstop should the signal
    /// not end the container; it waits for the pidfd to show the death (bounded by
    /// <see cref="CriRuntimeOptions.KillBackstopDelay"/>), because containerd, its shim and the <c>runc kill</c> they
    /// start would otherwise compete with the dying container's processes for the cores in the milliseconds they need them.
    /// </summary>
    private void FollowKill(BackstopKind kind)
    {
        if (kind == BackstopKind.Rehearsal || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _ = kind == BackstopKind.AfterPidfdKill && _init is { } init ? StopAfterDeathAsync(init) : StopAsync(0);
    }

    private async Task StopAfterDeathAsync(CriInitProcess init)
    {
        try
        {
            await init.Exited.WaitAsync(_runtime.Options.KillBackstopDelay, _runtime.Time, _stopping.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Not dead yet: containerd's kill goes now.
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        await StopAsync(0).ConfigureAwait(false);
    }

    private async Task StopAsync(long timeoutSeconds)
    {
        try
        {
            await _runtime.Connection.Runtime.StopContainerAsync(
                new StopContainerRequest { ContainerId = Id, Timeout = timeoutSeconds }, cancellationToken: _stopping.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _stopContainerCalls);
            if (timeoutSeconds == 0)
            {
                Interlocked.Increment(ref _stopContainerKills);
            }
        }
        catch (RpcException)
        {
            // Gone already, or the call was abandoned on disposal: the exit poll reports what happened.
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the kill and this call: the container is gone with its sandbox.
        }
    }

    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var request = new ExecSyncRequest { ContainerId = Id, Timeout = timeout is { } t ? (long)Math.Ceiling(t.TotalSeconds) : 0 };
        request.Cmd.AddRange(command);
        try
        {
            var response = await _runtime.Connection.Runtime.ExecSyncAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ExecResult(response.ExitCode, Output(response), TimedOut: false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded || ex.Status.Detail.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            return new ExecResult(-1, CriErrors.Describe(ex), TimedOut: true);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            // The command could not start (not in the image, container gone): an error, not an exit code, as the
            // kubelet's prober and hook runner receive it from ExecSync.
            throw new ExecStartException(CriErrors.Describe(ex));
        }
    }

    public async Task<IExecSession> StartExecAsync(IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken)
    {
        var request = new ExecRequest { ContainerId = Id, Tty = streams.Tty, Stdin = streams.Stdin, Stdout = true, Stderr = !streams.Tty };
        request.Cmd.AddRange(command);
        try
        {
            var response = await _runtime.Connection.Runtime.ExecAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await CriExecSession.ConnectAsync(new Uri(response.Url), streams, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            return new FailedExecSession(CriErrors.Describe(ex));
        }
        catch (System.Net.WebSockets.WebSocketException ex)
        {
            return new FailedExecSession($"containerd's streaming server refused the exec: {ex.Message}");
        }
    }

    /// <summary>
    /// <c>kubectl attach -t</c>'s window size, sent on the latest attach's connection (containerd sets it on the
    /// container's console, whichever attach sends it); nothing without a terminal or an attach with input.
    /// </summary>
    public Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken) =>
        _tty && Volatile.Read(ref _lastAttach) is { } attach ? attach.ResizeAsync(width, height, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// CRI <c>Attach</c> with stdin alone (the output is read from the log file; see <see cref="CriStdinStream"/>), as the
    /// kubelet's <c>GetAttach</c> asks it, with the tty the container was created with.
    /// </summary>
    public async Task<Stream> OpenStdinAsync(CancellationToken cancellationToken)
    {
        if (!_stdin)
        {
            throw new InvalidOperationException($"container {Id} was created without stdin");
        }

        var request = new AttachRequest { ContainerId = Id, Stdin = true, Tty = _tty };
        AttachResponse response;
        try
        {
            response = await _runtime.Connection.Runtime.AttachAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            throw new IOException(CriErrors.Describe(ex), ex);
        }

        try
        {
            var stream = await CriStdinStream.ConnectAsync(new Uri(response.Url), _runtime.Time, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastAttach, stream);
            return stream;
        }
        catch (System.Net.WebSockets.WebSocketException ex)
        {
            throw new IOException($"containerd's streaming server refused the attach: {ex.Message}", ex);
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var client = _runtime.Connection.Runtime;
        try
        {
            while (true)
            {
                ContainerStatusResponse status;
                try
                {
                    status = await client.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = Id }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    // Removed under us (its sandbox went away): it was killed.
                    Complete(new ContainerExit(128 + Signals.SigKill, Signals.SigKill, _runtime.Time.GetUtcNow()));
                    return;
                }

                var exited = status.Status.State == ContainerState.ContainerExited;
                if (_init is { Exited.IsCompleted: true })
                {
                    // With PODVISOR_TRACE_KILL: each read after the pidfd showed the death (the exit's hand-over).
                    KillStamps.Mark(ProcessId, exited ? "status-exited" : "status-running");
                }

                if (exited)
                {
                    if (_deathSeenAt != 0)
                    {
                        _runtime.ExitHandOver.Note(_runtime.Time.GetElapsedTime(_deathSeenAt));
                    }

                    var code = status.Status.ExitCode;
                    var finished = status.Status.FinishedAt > 0
                        ? DateTimeOffset.FromUnixTimeMilliseconds(status.Status.FinishedAt / 1_000_000)
                        : _runtime.Time.GetUtcNow();
                    int? signal = code is > 128 and < 128 + 65 ? code - 128 : null;
                    var reason = status.Status.Reason == "OOMKilled" ? "OOMKilled" : null;
                    if (_logs is not null)
                    {
                        await _logs.DrainAsync().ConfigureAwait(false);
                    }

                    KillStamps.Mark(ProcessId, "reported");
                    Complete(new ContainerExit(code, signal, finished, reason));
                    return;
                }

                await NextLookAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            Complete(new ContainerExit(128 + Signals.SigKill, Signals.SigKill, _runtime.Time.GetUtcNow()));
        }
        catch (RpcException)
        {
            // The runtime is gone (podvisor is stopping, or containerd died): its containers died with it.
            Complete(new ContainerExit(128 + Signals.SigKill, Signals.SigKill, _runtime.Time.GetUtcNow()));
        }
    }

    /// <summary>
    /// Waits before the next status read: until the init pidfd shows the death (then at once, and after that from
    /// <see cref="CriRuntimeOptions.ExitConfirmInterval"/>, doubling up to the poll interval, until containerd has
    /// recorded it), or the safety-net interval; without a pidfd, the poll interval.
    /// </summary>
    private async Task NextLookAsync(CancellationToken cancellationToken)
    {
        var options = _runtime.Options;
        if (_init is null)
        {
            await Task.Delay(options.ExitPollInterval, _runtime.Time, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_init.Exited.IsCompleted)
        {
            // containerd records the exit only after deleting the task (its shim runs `runc delete`): 140 ms and more
            // here, so the read after the one made at the death waits for most of the quickest hand-over seen so far,
            // and the reads after it back off from ExitConfirmInterval rather than compete with the delete for the cores.
            if (_deathSeenAt == 0)
            {
                _deathSeenAt = _runtime.Time.GetTimestamp();
                _confirmDelay = _runtime.ExitHandOver.FirstWait(options.ExitConfirmFirstWait);
            }
            else
            {
                _confirmDelay = _backingOff ? _confirmDelay * 2 : options.ExitConfirmInterval;
                _backingOff = true;
                if (_confirmDelay > options.ExitConfirmMaxInterval)
                {
                    _confirmDelay = options.ExitConfirmMaxInterval;
                }
            }

            await Task.Delay(_confirmDelay, _runtime.Time, cancellationToken).ConfigureAwait(false);
            return;
        }

        await Task.WhenAny(_init.Exited, Task.Delay(options.ExitSafetyPollInterval, _runtime.Time, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Complete(ContainerExit exit) => _exited.TrySetResult(exit);

    private string Output(ExecSyncResponse response)
    {
        var bytes = response.Stdout.Concat(response.Stderr).Take(_runtime.Options.ExecOutputLimitBytes).ToArray();
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The container's PID on the host, from containerd's verbose status (<c>info.pid</c>); 0 when it does not say.</summary>
    private static int PidOf(ContainerStatusResponse status)
    {
        if (!status.Info.TryGetValue("info", out var info))
        {
            return 0;
        }

        try
        {
            using var document = JsonDocument.Parse(info);
            return document.RootElement.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out var value) ? value : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _poll.ConfigureAwait(false);
        if (_logs is not null)
        {
            await _logs.DisposeAsync().ConfigureAwait(false);
        }

        _init?.Dispose();
        _stopping.Dispose();
    }
}
