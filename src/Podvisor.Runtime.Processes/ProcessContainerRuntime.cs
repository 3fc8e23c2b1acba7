using System.Collections.Concurrent;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Volumes;
using Podvisor.Runtime.Processes.Guard;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Logging;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes;

/// <summary>
/// Runs containers as host processes, each the leader of its own session and process group. Owns
/// every group it starts (containers and execs) until it is reaped: disposal SIGKILLs and reaps them
/// all, and a guard process does the same if podvisor dies without disposing.
/// </summary>
internal sealed partial class ProcessContainerRuntime : IContainerRuntime, IHostPaths
{
    /// <summary>What a start says when .NET could not create its namespace thread (it throws OutOfMemoryException for both causes).</summary>
    internal const string ThreadStartFailure = "create a thread for the start: out of resources (too many open files, or out of memory)";

    private readonly TimeProvider _time;
    private readonly ProcessRuntimeOptions _options;
    private readonly EventLoop _loop = new();
    private readonly ProcessGuard? _guard;
    private readonly ConcurrentDictionary<int, ProcessGroupLeader> _live = new();
    private readonly ConcurrentDictionary<ProcessContainer, byte> _containers = new();
    private readonly IContainerLauncher _launcher;
    private readonly SemaphoreSlim _starts;
    private readonly ContainerCgroups _cgroups;
    private int _disposed;

    public ProcessContainerRuntime(TimeProvider time, ProcessRuntimeOptions? options = null)
    {
        _time = time;
        _options = options ?? new ProcessRuntimeOptions();
        Isolation = IsolationPolicy.Choose(_options.Isolation, _options.IsolationProbe ?? new HostIsolationProbe());
        _launcher = Isolation.CreateLauncher();
        _starts = new SemaphoreSlim(_options.MaxConcurrentStarts);
        OpenFileLimit.RaiseSoftToHard();
        _cgroups = ContainerCgroups.Open();
        if (_options.UseGuard)
        {
            _guard = ProcessGuard.Start(_loop, time, _options.GuardShell, _launcher.StartGateDirectory);
        }
    }

    /// <summary>The isolation containers get, and its launcher's mode; its <see cref="IsolationDecision.Warning"/> is for the user, once.</summary>
    public IsolationDecision Isolation { get; }

    /// <summary>The grace period's SIGKILL goes out from the process's one kill-timer thread, unless turned off.</summary>
    public IKillDeadlines? KillDeadlines => _options.PreciseKill ? PreciseKillTimer.Shared : null;

    /// <summary>This runtime stats the host (lstat for sockets and devices) and renames with rename(2).</summary>
    public IHostPaths HostPaths => this;

    /// <summary>The isolation choice's warning, and which resource limits go unenforced: what containers do not get on this host.</summary>
    public string? HostWarning
    {
        get
        {
            var warnings = new[]
            {
                Isolation.Warning,
                _cgroups.MemoryUnavailable is { } memory ? $"Memory limits (resources.limits.memory) are not enforced: {memory}." : null,
                _cgroups.CpuUnavailable is { } cpu ? $"CPU requests and limits (resources.requests.cpu, resources.limits.cpu) are not enforced: {cpu}." : null,
            };
            return warnings.Any(w => w is not null) ? string.Join(" ", warnings.OfType<string>()) : null;
        }
    }

    /// <summary>Where this runtime makes its containers' memory cgroups; null when the host gives it none.</summary>
    internal string? MemoryCgroupDirectory => _cgroups.MemoryDirectory;

    /// <summary>Where this runtime makes its containers' cpu cgroups (the same directory as memory's on cgroup v2); null when the host gives it none.</summary>
    internal string? CpuCgroupDirectory => _cgroups.CpuDirectory;

    /// <summary>The leak guard, if enabled; tests close its input to play podvisor's death.</summary>
    internal ProcessGuard? Guard => _guard;

    public async Task<IPodSandbox> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var shared = config.ShareProcessNamespace ? await _launcher.StartPodPidNamespaceAsync(WatchOwned).ConfigureAwait(false) : null;
        return new ProcessPodSandbox(this, config, shared);
    }

    /// <summary>Starts one container instance in a PID namespace of its own (when the runtime gives them).</summary>
    public Task<IRunningContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken) =>
        StartAsync(launch, sharedPidNamespace: null, cancellationToken);

    /// <summary>Starts one container instance; <see cref="ProcessPodSandbox"/> calls it for the pod's containers.</summary>
    /// <param name="sharedPidNamespace">The pod's PID namespace under shareProcessNamespace; null for one of its own.</param>
    public async Task<IRunningContainer> StartAsync(ContainerLaunch launch, PodPidNamespace? sharedPidNamespace, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (launch.Argv.Count == 0)
        {
            throw new ContainerStartException(StartErrorText.Of("no command specified"));
        }

        var mounts = _launcher.MountsFor(launch);
        var context = ContainerContext.From(launch.Environment, launch.WorkingDirectory) with { OomScoreAdj = launch.Resources?.OomScoreAdj };
        var path = ResolveForStart(launch.Argv[0], context, mounts ?? MountTable.Empty);
        if (mounts is not null)
        {
            InstanceFilesystem.Prepare(launch, mounts, StartErrorText.Prefix);
        }

        // Bounded: each start in flight holds about ten descriptors until its process is watched (see MaxConcurrentStarts).
        await _starts.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await StartOwnedAsync(launch, sharedPidNamespace, mounts, context, path).ConfigureAwait(false);
        }
        finally
        {
            _starts.Release();
        }
    }

    private async Task<IRunningContainer> StartOwnedAsync(
        ContainerLaunch launch, PodPidNamespace? sharedPidNamespace, MountTable? mounts, ContainerContext context, string path)
    {
        var cgroup = CgroupFor(launch);
        var arrived = false;
        CriLogWriter log;
        try
        {
            log = CriLogWriter.Open(launch, _time, _options.MaxLogLineBytes, _options.LogRotation);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cgroup?.Dispose();
            throw new ContainerStartException($"failed to create containerd task: failed to open log file {launch.LogPath}: {ex.Message}", ex);
        }

        int stdoutRead = -1, stdoutWrite = -1, stderrRead = -1, stderrWrite = -1, stdinRead = -1, stdinWrite = -1, heldSlave = -1;
        Pseudoterminal? terminal = null;
        SpawnedContainer spawned;
        try
        {
            if (launch.Tty)
            {
                // tty: true: a terminal is the process's stdin, stdout, stderr and controlling terminal, as runc gives a
                // container a console; its output (stdout and stderr merged) is logged as stdout, as containerd logs it.
                terminal = Pseudoterminal.Open();
                stdoutRead = terminal.Master;
                heldSlave = terminal.HoldSlave();
                stdinWrite = launch.Stdin ? Native.fcntl(terminal.Master, Native.F_DUPFD_CLOEXEC, 3) : -1;
            }
            else
            {
                (stdoutRead, stdoutWrite) = Native.CreatePipe();
                (stderrRead, stderrWrite) = Native.CreatePipe();

                // stdin: true gets a pipe whose write end the runtime holds (ContainerStdinPipe), as containerd does; else /dev/null.
                if (launch.Stdin)
                {
                    (stdinRead, stdinWrite) = Native.CreatePipe();
                }
            }

            spawned = await _launcher.SpawnAsync(
                new ContainerSpawn(launch, context, mounts, path, stdoutWrite, stderrWrite, sharedPidNamespace, Arrived, _loop, launch.Stdin && !launch.Tty ? stdinRead : null)
                {
                    Terminal = terminal?.SlavePath,
                })
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ContainerStartException or IOException or OutOfMemoryException)
        {
            // Out of descriptors (pipe2, a start gate's FIFO) or of threads (a namespace thread that could not start, which
            // .NET reports as OutOfMemoryException): this container fails to start, as any other start error; podvisor goes on.
            cgroup?.Dispose();
            CloseIfOpen(stdoutRead);
            CloseIfOpen(stderrRead);
            CloseIfOpen(stdinWrite);
            log.EndOfStream(LogStream.Stdout);
            log.EndOfStream(LogStream.Stderr);
            throw ex switch
            {
                ContainerStartException start => start,
                OutOfMemoryException => new ContainerStartException(StartErrorText.Of(ThreadStartFailure), ex),
                _ => new ContainerStartException(StartErrorText.Of(ex.Message), ex),
            };
        }
        finally
        {
            CloseIfOpen(stdoutWrite);
            CloseIfOpen(stderrWrite);
            CloseIfOpen(stdinRead);

            // The process has the terminal open now (the spawn returned after its exec), or never will.
            CloseIfOpen(heldSlave);
        }

        var startedAt = _time.GetUtcNow();
        var pid = spawned.Pid;
        _guard?.Register(pid);
        if (!arrived)
        {
            // Launchers without a start gate: placed as soon as it runs (what it allocated before is charged elsewhere).
            try
            {
                cgroup?.Admit(pid);
            }
            catch (IOException)
            {
                // Already gone: its exit is reported as any other.
            }

            OomScore.Apply(pid, context.OomScoreAdj);
        }

        ProcessGroupLeader leader;
        OutputPipe? stdout = null, stderr = null;
        try
        {
            // Watch first: without a pidfd the process cannot be owned, and Watch kills and reaps it then.
            leader = ProcessGroupLeader.Watch(
                _loop,
                _time,
                pid,
                beforeReap: () =>
                {
                    stdout?.Drain(_options.ExitDrainLimitBytes);
                    stderr?.Drain(_options.ExitDrainLimitBytes);
                },
                afterGroupKilled: () => _guard?.Unregister(pid));
        }
        catch (IOException ex)
        {
            _guard?.Unregister(pid);
            cgroup?.Dispose();
            Native.close(stdoutRead);
            CloseIfOpen(stderrRead);
            CloseIfOpen(stdinWrite);
            log.EndOfStream(LogStream.Stdout);
            log.EndOfStream(LogStream.Stderr);
            throw new ContainerStartException(StartErrorText.Of(ex.Message), ex);
        }

        // Back-pressure: a pipe the log writer cannot keep up with is paused until it has drained (bounded memory).
        stdout = OutputPipe.Start(_loop, stdoutRead, data => Pause(log.Append(LogStream.Stdout, data), stdout), () => log.EndOfStream(LogStream.Stdout));
        if (stderrRead >= 0)
        {
            stderr = OutputPipe.Start(_loop, stderrRead, data => Pause(log.Append(LogStream.Stderr, data), stderr), () => log.EndOfStream(LogStream.Stderr));
        }
        else
        {
            log.EndOfStream(LogStream.Stderr);
        }

        log.OnDrained = () =>
        {
            stdout.Resume();
            stderr?.Resume();
        };
        Track(leader);

        // Not cancellable: the command may already run (the report not yet read), and a deletion must stop it gracefully.
        var setupFailure = await spawned.SetupReport.ConfigureAwait(false);
        var view = mounts is null
            ? null
            : new IsolatedView(
                mounts,
                setupFailure.Length == 0 ? _launcher.Enter(leader, context.WorkingDirectory) : null,
                context.WorkingDirectory ?? Environment.CurrentDirectory,
                launch.ScratchDirectory);
        var container = new ProcessContainer(
            this, launch.ContainerId, context, view, leader, log, stdout, stderr, startedAt, _time, _options.OutputGraceAfterExit, _launcher.SignalsInitOnly, cgroup)
        {
            StdinPipe = launch.Stdin ? new ContainerStdinPipe(StdinWriter(stdinWrite, launch.Tty), closesWhenAttachEnds: launch.StdinOnce && !launch.Tty) : null,
            Terminal = terminal is null ? null : new TerminalWindow(terminal.Master),
        };
        _containers[container] = 0;
        if (setupFailure.Length != 0)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw new ContainerStartException(StartErrorText.Of(setupFailure));
        }

        return container;

        // A child held at the start gate, before it runs anything of the container: guarded, then placed in its cgroup
        // (an IOException here fails the start, as runc fails a container it cannot place).
        void Arrived(int child)
        {
            _guard?.Register(child);
            cgroup?.Admit(child);
            OomScore.Apply(child, context.OomScoreAdj);
            arrived = true;
        }
    }

    /// <summary>
    /// The writer of a <c>stdin: true</c> container's input: blocking writes to its pipe (on the thread pool), or to its
    /// terminal's master, whose full input queue is waited out in poll (<see cref="TerminalInputStream"/>).
    /// </summary>
    private static Stream StdinWriter(int fd, bool terminal) =>
        terminal ? new TerminalInputStream(fd) : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);

    /// <summary>
    /// The instance's cgroup when its spec has a memory limit or a CPU request or limit and this host lets podvisor make
    /// one; a value that cannot be set fails the start rather than run the container without it.
    /// </summary>
    private ContainerCgroup? CgroupFor(ContainerLaunch launch)
    {
        try
        {
            return _cgroups.Create(launch.ContainerId, launch.Resources);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ContainerStartException(StartErrorText.Of(ex.Message), ex);
        }
    }

    /// <summary>Runs <paramref name="command"/> with a container's environment and working directory, in its own group.</summary>
    internal async Task<ExecResult> ExecAsync(
        ContainerContext context, IsolatedView? view, ContainerCgroup? cgroup, IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);

        // A command that cannot start is an error, not an exit code, as containerd's ExecSync answers it.
        if (CheckExec(context, view, command, out var path) is { } refused)
        {
            throw new ExecStartException(ExecErrorText.Of(refused.Message));
        }

        var output = new ExecOutputBuffer(_options.ExecOutputLimitBytes);
        var (read, write) = Native.CreatePipe();
        var (failure, pid) = _launcher.SpawnExec(new ExecSpawn(context, view, command, path, Stdin: null, write, write, cgroup));
        Native.close(write);
        if (failure is not null)
        {
            Native.close(read);
            throw new ExecStartException(ExecErrorText.Of(failure.Message));
        }

        JoinCgroup(cgroup, pid);
        OomScore.Apply(pid, context.OomScoreAdj);
        _guard?.Register(pid);
        var pipe = OutputPipe.Start(_loop, read, output.Append, onClosed: static () => { });
        var leader = ProcessGroupLeader.Watch(
            _loop, _time, pid, beforeReap: () => pipe.Drain(_options.ExitDrainLimitBytes), afterGroupKilled: () => _guard?.Unregister(pid));
        Track(leader);

        var timedOut = false;
        try
        {
            await (timeout is { } limit
                ? leader.Exited.WaitAsync(limit, _time, cancellationToken)
                : leader.Exited.WaitAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            timedOut = true;
            leader.Signal(Signals.SigKill);
        }
        catch (OperationCanceledException)
        {
            leader.Signal(Signals.SigKill);
            await leader.Exited.ConfigureAwait(false);
            pipe.Close();
            throw;
        }

        var exit = await leader.Exited.ConfigureAwait(false);
        pipe.Close();
        return new ExecResult(exit.ExitCode, output.ToString(), timedOut);
    }

    public HostPathKind KindOf(string path) => HostFileTypes.KindOf(path);

    public void RenameOver(string source, string destination) => HostFileTypes.RenameOver(source, destination);

    /// <summary>SIGKILLs every group still owned, waits for every reap, closes logs, stops the guard and the event loop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var leaders = _live.Values.ToArray();
        foreach (var leader in leaders)
        {
            leader.Signal(Signals.SigKill);
        }

        await Task.WhenAll(leaders.Select(l => l.Exited)).ConfigureAwait(false);
        foreach (var container in _containers.Keys)
        {
            await container.DisposeAsync().ConfigureAwait(false);
        }

        if (_guard is not null)
        {
            await _guard.DisposeAsync().ConfigureAwait(false);
        }

        _loop.Dispose();
        _launcher.Dispose();
        _cgroups.Dispose();
    }

    internal void Forget(ProcessContainer container) => _containers.TryRemove(container, out _);

    private string ResolveForStart(string file, ContainerContext context, MountTable mounts)
    {
        if (context.WorkingDirectory is { } cwd && !Directory.Exists(mounts.ToHost(cwd)))
        {
            throw new ContainerStartException(StartErrorText.Of($"chdir to cwd (\"{cwd}\") set in config.json failed: no such file or directory"));
        }

        return ExecutableResolver.TryResolve(file, context.PathVariable, context.WorkingDirectory, mounts.ToHost, out var path, out var problem)
            ? path
            : throw new ContainerStartException(StartErrorText.Of(problem));
    }

    /// <summary>Watches a process podvisor owns outside any container (the pod's pause): guarded, tracked, killed on disposal.</summary>
    private ProcessGroupLeader WatchOwned(int pid)
    {
        _guard?.Register(pid);
        var leader = ProcessGroupLeader.Watch(_loop, _time, pid, beforeReap: null, afterGroupKilled: () => _guard?.Unregister(pid));
        Track(leader);
        return leader;
    }

    private void Track(ProcessGroupLeader leader)
    {
        _live[leader.Pid] = leader;
        leader.Exited.ContinueWith(
            _ => _live.TryRemove(new KeyValuePair<int, ProcessGroupLeader>(leader.Pid, leader)),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        // A start racing with DisposeAsync: either the sweep saw this group, or we kill it here.
        if (Volatile.Read(ref _disposed) != 0)
        {
            leader.Signal(Signals.SigKill);
        }
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            Native.close(fd);
        }
    }

    private static void Pause(bool keepReading, OutputPipe? pipe)
    {
        if (!keepReading)
        {
            // Null only when data arrives before Start has returned; the writer then resumes a pipe never paused.
            pipe?.PauseOnLoop();
        }
    }
}
