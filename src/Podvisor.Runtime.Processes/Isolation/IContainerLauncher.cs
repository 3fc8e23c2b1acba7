using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// How containers are started and entered in one isolation mode: one implementation per mode, chosen once by
/// <see cref="IsolationPolicy"/>, so the runtime owns what every mode shares (logs, pipes, the guard, the reap) and
/// never asks which mode it runs.
/// </summary>
internal interface IContainerLauncher : IDisposable
{
    /// <summary>
    /// Whether a container's first process is PID 1 of a PID namespace: then its stop signal goes to it alone, as runc
    /// delivers one; otherwise to its whole process group.
    /// </summary>
    bool SignalsInitOnly { get; }

    /// <summary>The start gates' directory, whose waiting children the guard kills and which it removes; null when there is none.</summary>
    string? StartGateDirectory { get; }

    /// <summary>
    /// The binds <paramref name="launch"/> gets, or null when it runs in the host's view of the filesystem; throws
    /// <see cref="ContainerStartException"/> when it needs binds this mode cannot make.
    /// </summary>
    MountTable? MountsFor(ContainerLaunch launch);

    /// <summary>
    /// Spawns the container's first process with its namespaces, binds and working directory. A failure that leaves
    /// no process behind throws <see cref="ContainerStartException"/>; one reported after the spawn comes as
    /// <see cref="SpawnedContainer.SetupReport"/>, once the runtime owns the process.
    /// </summary>
    Task<SpawnedContainer> SpawnAsync(ContainerSpawn spawn);

    /// <summary>The way into a started container for its execs; null when it has already exited.</summary>
    NamespaceHandles? Enter(ProcessGroupLeader leader, string? workingDirectory);

    /// <summary>Spawns an exec in a container: its failure to start (126, 127 as a shell says it) or its PID.</summary>
    (ExecStartFailure? Failure, int Pid) SpawnExec(ExecSpawn exec);

    /// <summary>
    /// The PID namespace a pod's containers share under <c>shareProcessNamespace</c>, its pause process watched with
    /// <paramref name="watch"/>; null in a mode without PID namespaces (its warning says so).
    /// </summary>
    Task<PodPidNamespace?> StartPodPidNamespaceAsync(Func<int, ProcessGroupLeader> watch);
}
