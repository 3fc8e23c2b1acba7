using Microsoft.Win32.SafeHandles;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes;

/// <summary>Execs: the checks and the spawn both kinds share, and the streaming exec <c>kubectl exec</c> uses.</summary>
internal sealed partial class ProcessContainerRuntime
{
    /// <summary>
    /// Starts <paramref name="command"/> in a container's context with pipes for its standard streams, in its own
    /// group, registered with the guard and reaped on the event loop. It is killed when the container exits.
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

        var (stdoutRead, stdoutWrite) = Native.CreatePipe();
        var (stderrRead, stderrWrite) = streams.Tty ? (-1, stdoutWrite) : Native.CreatePipe();
        var (stdinRead, stdinWrite) = streams.Stdin ? Native.CreatePipe() : (-1, -1);
        var (failure, pid) = _launcher.SpawnExec(new ExecSpawn(context, view, command, path, streams.Stdin ? stdinRead : null, stdoutWrite, stderrWrite, cgroup));
        foreach (var fd in new[] { stdoutWrite, streams.Tty ? -1 : stderrWrite, stdinRead }.Where(fd => fd >= 0))
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

        JoinCgroup(cgroup, pid);
        OomScore.Apply(pid, context.OomScoreAdj);
        _guard?.Register(pid);
        var stdout = PipeReadStream.Start(_loop, stdoutRead);
        var stderr = stderrRead >= 0 ? PipeReadStream.Start(_loop, stderrRead) : null;
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

        // Blocking writes (on the thread pool): a command that does not read holds the writer back, and its death ends the write (EPIPE).
        var stdin = stdinWrite >= 0 ? new FileStream(new SafeFileHandle(stdinWrite, ownsHandle: true), FileAccess.Write, bufferSize: 0) : null;
        return new ProcessExecSession(leader, stdin, stdout, stderr, _time, _options.OutputGraceAfterExit);
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
