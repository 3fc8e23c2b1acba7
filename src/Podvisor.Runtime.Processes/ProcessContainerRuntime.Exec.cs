using Microsoft.Win32.SafeHandles;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes;

/// <summary>Execs: the checks and the spawn both kinds share, and the streaming exec <c>kubectl exec</c> uses.</summary>
internal sealed partial class ProcessContainerRuntime
{
    private const string StoppedContainer = "OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown";

    /// <summary>
    /// Starts <paramref name="command"/> in a container's context with pipes for its standard streams, in its own
    /// group, registered with the guard and reaped on the event loop. It is killed when the container exits.
    /// </summary>
    internal IExecSession StartExec(
        ContainerContext context, IsolatedView? view, IReadOnlyList<string> command, ExecStreams streams, CancellationToken containerStopped)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        if (containerStopped.IsCancellationRequested)
        {
            return ProcessExecSession.Failed(new ExecStartFailure(126, StoppedContainer));
        }

        if (CheckExec(context, view, command, out var path) is { } refused)
        {
            return ProcessExecSession.Failed(refused);
        }

        var (stdoutRead, stdoutWrite) = Native.CreatePipe();
        var (stderrRead, stderrWrite) = streams.Tty ? (-1, stdoutWrite) : Native.CreatePipe();
        var (stdinRead, stdinWrite) = streams.Stdin ? Native.CreatePipe() : (-1, -1);
        var failure = SpawnExec(context, view, command, path, streams.Stdin ? stdinRead : null, stdoutWrite, stderrWrite, out var pid);
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

    /// <summary>
    /// Spawns an exec directly; into an isolated container's mount namespace from a private thread (root); or
    /// through <c>nsenter</c> into its user and mount namespaces (unprivileged).
    /// </summary>
    private ExecStartFailure? SpawnExec(
        ContainerContext context, IsolatedView? view, IReadOnlyList<string> command, string path, int? stdin, int stdout, int stderr, out int pid)
    {
        var error = 0;
        var spawned = 0;
        var direct = new SpawnRequest(path, command, context.Environment, context.WorkingDirectory, stdout, stderr, stdin);
        if (view is null)
        {
            error = Spawner.Spawn(direct, out spawned);
        }
        else if (Isolation.Mode == IsolationMode.MountNamespace)
        {
            string? refused = null;
            var entered = view.Handles?.TryUse(fds =>
            {
                try
                {
                    (error, spawned) = MountNamespaceExec.Spawn(fds, view.WorkingDirectory, direct);
                }
                catch (NamespaceSetupException ex)
                {
                    refused = ex.Message;
                }
            }) ?? false;
            if (!entered || refused is not null)
            {
                pid = 0;
                return new ExecStartFailure(126, refused ?? StoppedContainer);
            }
        }
        else
        {
            var argv = NamespaceCommands.Exec(Isolation.Mode, Isolation.Tools!, view.WorkingDirectory, command, context, path);
            var entered = view.Handles?.TryUse(fds => error = Spawner.Spawn(
                new SpawnRequest(argv[0], argv, ["PATH=" + IsolationTools.SetupPath], "/", stdout, stderr, stdin, InheritedFds: fds), out spawned)) ?? false;
            if (!entered)
            {
                pid = 0;
                return new ExecStartFailure(126, StoppedContainer);
            }
        }

        pid = spawned;
        return error == 0 ? null : new ExecStartFailure(126, $"exec: \"{command[0]}\": {new System.ComponentModel.Win32Exception(error).Message}");
    }
}
