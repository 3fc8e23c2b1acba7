using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// A non-root podvisor's isolation (<see cref="IsolationMode.UserNamespace"/>): a container with a private /tmp or
/// volumes starts in an unprivileged user namespace holding its mount namespace, through <c>unshare</c>, a setup
/// shell and <c>env</c>, each exec'ing the next (a threaded process cannot enter a new user namespace itself); its
/// execs join through <c>nsenter</c>. No PID namespace: that would need <c>unshare --fork</c>, whose parent stands
/// between podvisor and the container's PID 1 and does not pass signals on (the policy's warning says so).
/// </summary>
internal sealed class UserNamespaceLauncher(IsolationTools tools) : IContainerLauncher
{
    public bool SignalsInitOnly => false;

    public string? StartGateDirectory => null;

    public MountTable? MountsFor(ContainerLaunch launch) =>
        launch.ScratchDirectory is not null || launch.Mounts is { Count: > 0 } ? MountTable.For(launch) : null;

    public Task<SpawnedContainer> SpawnAsync(ContainerSpawn spawn)
    {
        if (spawn.Mounts is not { } mounts)
        {
            return Task.FromResult(UnisolatedLauncher.Start(spawn));
        }

        var (setupRead, setupWrite) = Native.CreatePipe();
        var request = new SpawnRequest(
            tools.Unshare,
            NamespaceCommands.Start(tools, mounts, spawn.Context.WorkingDirectory, spawn.Launch.Argv, spawn.Context, spawn.Path),
            ["PATH=" + IsolationTools.SetupPath],
            WorkingDirectory: null,
            spawn.Stdout,
            spawn.Stderr,
            spawn.Stdin,
            InheritedFds: [setupWrite],
            Terminal: spawn.Terminal);
        var error = Spawner.Spawn(request, out var pid);
        Native.close(setupWrite);
        if (error != 0)
        {
            Native.close(setupRead);
            throw spawn.Failed(error);
        }

        // EOF on the setup pipe: the mounts are in place and the command is being exec'd, or the setup failed.
        return Task.FromResult(new SpawnedContainer(pid, SetupPipe.ReadToEndAsync(spawn.Loop, setupRead)));
    }

    public NamespaceHandles? Enter(ProcessGroupLeader leader, string? workingDirectory) =>
        NamespaceHandles.Open(leader, "ns/user", workingDirectory);

    public (ExecStartFailure? Failure, int Pid) SpawnExec(ExecSpawn exec)
    {
        if (exec.View is not { } view)
        {
            return UnisolatedLauncher.Exec(exec);
        }

        var argv = NamespaceCommands.Exec(tools, view.WorkingDirectory, exec.Command, exec.Context, exec.Path);
        var error = 0;
        var pid = 0;
        var entered = view.Handles?.TryUse(fds => error = Spawner.Spawn(
            new SpawnRequest(argv[0], argv, ["PATH=" + IsolationTools.SetupPath], "/", exec.Stdout, exec.Stderr, exec.Stdin, InheritedFds: fds, Terminal: exec.Terminal), out pid)) ?? false;
        if (!entered)
        {
            return (ExecSpawn.Stopped, 0);
        }

        return (error == 0 ? null : exec.Failed(error), pid);
    }

    public Task<PodPidNamespace?> StartPodPidNamespaceAsync(Func<int, ProcessGroupLeader> watch) => Task.FromResult<PodPidNamespace?>(null);

    public void Dispose()
    {
    }
}
