using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// No isolation (<see cref="IsolationMode.None"/>): each command is spawned as it is, in the host's view of the
/// filesystem and its PID namespace; a container with volumes cannot start. Its spawns are also the user-namespace
/// launcher's for a container that needs no view of its own.
/// </summary>
internal sealed class UnisolatedLauncher(string noMountsReason) : IContainerLauncher
{
    public bool SignalsInitOnly => false;

    public string? StartGateDirectory => null;

    public MountTable? MountsFor(ContainerLaunch launch) => launch.Mounts is { Count: > 0 }
        ? throw new ContainerStartException(StartErrorText.Of($"cannot mount volumes: {noMountsReason}"))
        : null;

    public Task<SpawnedContainer> SpawnAsync(ContainerSpawn spawn) => Task.FromResult(Start(spawn));

    public NamespaceHandles? Enter(ProcessGroupLeader leader, string? workingDirectory) => null;

    public (ExecStartFailure? Failure, int Pid) SpawnExec(ExecSpawn exec) => Exec(exec);

    public Task<PodPidNamespace?> StartPodPidNamespaceAsync(Func<int, ProcessGroupLeader> watch) => Task.FromResult<PodPidNamespace?>(null);

    public void Dispose()
    {
    }

    /// <summary>posix_spawns the container's command as it is.</summary>
    internal static SpawnedContainer Start(ContainerSpawn spawn)
    {
        var error = Spawner.Spawn(spawn.Direct, out var pid);
        return error == 0 ? SpawnedContainer.Ready(pid) : throw spawn.Failed(error);
    }

    /// <summary>posix_spawns the exec's command as it is.</summary>
    internal static (ExecStartFailure? Failure, int Pid) Exec(ExecSpawn exec)
    {
        var error = Spawner.Spawn(exec.Direct, out var pid);
        return (error == 0 ? null : exec.Failed(error), pid);
    }
}
