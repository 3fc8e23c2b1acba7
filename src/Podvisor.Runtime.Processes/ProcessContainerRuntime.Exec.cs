using Microsoft.Win32.SafeHandles;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes;

/// <summary>Execs: the checks and the spawn both kinds share, and the streaming exec <c>kubectl exec</c> uses.</summary>
internal sealed partial class ProcessContainerRuntime
{
    /// <summary>
    /// Starts <paramref name="command"/> in a container's context with pipes for its standard streams (a terminal when
    /// asked for one), in its own group, registered with the guard and reaped on the event loop. It is killed when the
    /// container exits.
    /// </summary>
    internal IExecSession StartExec(
        ContainerContext context, IsolatedView? view, ContainerCgroup? cgroup, IReadOnlyList<string> command, ExecStreams streams, CancellationToken containerStopped)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        if (containerStopped.IsCancellationRequested)
        {
            return ProcessExecSession.Failed(ExecSpawn.Stopped);
        }

        if (CheckExec(context, view, command, out var path) is { } refused)
        {
            return ProcessExecSession.Failed(refused);
        }

        if (streams.Tty)
        {
            return StartTerminalExec(context, view, cgroup, command, path, streams.Stdin, containerStopped);
        }

        var (stdoutRead, stdoutWrite) = Native.CreatePipe();
        var (stderrRead, stderrWrite) = Native.CreatePipe();
        var (stdinRead, stdinWrite) = streams.Stdin ? Native.CreatePipe() : (-1, -1);
        var (failure, pid) = _launcher.SpawnExec(new ExecSpawn(context, view, command, path, streams.Stdin ? stdinRead : null, stdoutWrite, stderrWrite, cgroup));
        foreach (var fd in new[] { stdoutWrite, stderrWrite, stdinRead }.Where(fd => fd >= 0))
        {
            Native.close(fd);
        }

        if (failure is not null)
        {
            foreach (var fd in new[] { stdoutRead, stderrRead, stdinWrite }.Where(fd => fd >= 0))
            {
                Native.close(fd);
            }

            return ProcessExecSession.Failed(failure);
        }

        var stdout = PipeReadStream.Start(_loop, stdoutRead);
        var stderr = PipeReadStream.Start(_loop, stderrRead);
        var leader = OwnExec(context, cgroup, pid, stdout, stderr, containerStopped);

        // Blocking writes (on the thread pool): a command that does not read holds the writer back, and its death ends the write (EPIPE).
        var stdin = stdinWrite >= 0 ? new FileStream(new SafeFileHandle(stdinWrite, ownsHandle: true), FileAccess.Write, bufferSize: 0) : null;
        return new ProcessExecSession(leader, stdin, stdout, stderr, _time, _options.OutputGraceAfterExit);
    }

    /// <summary>
    /// <c>kubectl exec -t</c>: the command gets a pseudoterminal as its stdin, stdout, stderr and controlling terminal,
    /// as runc gives an exec with <c>terminal: true</c> a console. Its output (stdout and stderr, as a terminal merges them)
    /// is read from the master; input and window sizes go to it through descriptors of the session's own.
    /// </summary>
    private IExecSession StartTerminalExec(
        ContainerContext context, IsolatedView? view, ContainerCgroup? cgroup, IReadOnlyList<string> command, string path, bool stdin, CancellationToken containerStopped)
    {
        Pseudoterminal terminal;
        int held;
        try
        {
            terminal = Pseudoterminal.Open();
        }
        catch (IOException ex)
        {
            return ProcessExecSession.Failed(new ExecStartFailure(126, ex.Message));
        }

        try
        {
            held = terminal.HoldSlave();
        }
        catch (IOException ex)
        {
            Native.close(terminal.Master);
            return ProcessExecSession.Failed(new ExecStartFailure(126, ex.Message));
        }

        var (failure, pid) = _launcher.SpawnExec(new ExecSpawn(context, view, command, path, Stdin: null, -1, -1, cgroup, terminal.SlavePath));

        // The command holds the slave now (or never will): the master reads as hung up once it and its children have exited.
        Native.close(held);
        if (failure is not null)
        {
            Native.close(terminal.Master);
            return ProcessExecSession.Failed(failure);
        }

        var window = new TerminalWindow(terminal.Master);
        var input = stdin ? Native.fcntl(terminal.Master, Native.F_DUPFD_CLOEXEC, 3) : -1;
        var output = PipeReadStream.Start(_loop, terminal.Master);
        var leader = OwnExec(context, cgroup, pid, output, stderr: null, containerStopped);
        return new ProcessExecSession(leader, input >= 0 ? new TerminalInputStream(input) : null, output, stderr: null, _time, _options.OutputGraceAfterExit)
        {
            Terminal = window,
        };
    }

    /// <summary>
    /// Makes a spawned exec the runtime's: placed in the container's cgroup with its OOM score, guarded, watched and reaped
    /// on the event loop after its output is drained, and killed when the container's main process exits.
    /// </summary>
    private ProcessGroupLeader OwnExec(
        ContainerContext context, ContainerCgroup? cgroup, int pid, PipeReadStream stdout, PipeReadStream? stderr, CancellationToken containerStopped)
    {
        JoinCgroup(cgroup, pid);
        OomScore.Apply(pid, context.OomScoreAdj);
        _guard?.Register(pid);
        var leader = ProcessGroupLeader.Watch(
            _loop,
            _time,
            pid,
            beforeReap: () =>
            {
                stdout.Drain(_options.ExitDrainLimitBytes);
                stderr?.Drain(_options.ExitDrainLimitBytes);
            },
            afterGroupKilled: () => _guard?.Unregister(pid));
        Track(leader);

        // As in a container's PID namespace, nothing of an exec outlives the container's main process
        // (registered after Track: a container that stopped meanwhile runs the kill at once).
        var stopping = containerStopped.UnsafeRegister(static state => ((ProcessGroupLeader)state!).Signal(Signals.SigKill), leader);
        _ = leader.Exited.ContinueWith(
            _ => stopping.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return leader;
    }

    /// <summary>
    /// Places an exec'd process in its container's cgroup, as runc's exec does, so that what a hook, a probe or a
    /// <c>kubectl exec</c> allocates counts against the container's memory limit and can OOM-kill it, and its CPU time
    /// against the container's quota, as on a node. Under root's
    /// mount-namespace launcher on cgroup v1 it already started there (its spawning thread joined first); otherwise it is
    /// placed now, right after the spawn, and what it forked in between stays outside. Placing it twice changes nothing.
    /// </summary>
    private static void JoinCgroup(ContainerCgroup? cgroup, int pid)
    {
        try
        {
            cgroup?.Admit(pid);
        }
        catch (IOException)
        {
            // The cgroup is gone, and the container with it: the exec is killed with the container's stop.
        }
        catch (ObjectDisposedException)
        {
            // The container was removed meanwhile: likewise.
        }
    }

    /// <summary>Like a shell: 126 when the command cannot run there, 127 when it is not found.</summary>
    private static ExecStartFailure? CheckExec(ContainerContext context, IsolatedView? view, IReadOnlyList<string> command, out string path)
    {
        var mounts = view?.Mounts ?? MountTable.Empty;
        if (context.WorkingDirectory is { } cwd && !Directory.Exists(mounts.ToHost(cwd)))
        {
            path = string.Empty;
            return new ExecStartFailure(126, $"chdir to cwd (\"{cwd}\") failed: no such file or directory");
        }

        return ExecutableResolver.TryResolve(command[0], context.PathVariable, context.WorkingDirectory, mounts.ToHost, out path, out var problem)
            ? null
            : new ExecStartFailure(127, problem);
    }
}
