using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// Root's isolation (<see cref="IsolationMode.MountNamespace"/>), in-process and without helper programs: every
/// container starts in a mount namespace of its own (<see cref="MountNamespaceStart"/>) and, where the kernel's proc
/// can be mounted for another PID namespace, as PID 1 of its own PID namespace or a member of its pod's
/// (<see cref="PidNamespaceStart"/>); execs join both (<see cref="MountNamespaceExec"/>). Owns the start gates'
/// directory, removed on disposal.
/// </summary>
internal sealed class MountNamespaceLauncher : IContainerLauncher
{
    private readonly string _shell;
    private readonly string? _gateDirectory;

    /// <param name="shell">Runs the pod's pause process under <c>shareProcessNamespace</c>.</param>
    /// <param name="pidNamespaces">Whether containers get PID namespaces (the kernel's proc takes a <c>pidns</c>).</param>
    public MountNamespaceLauncher(string shell, bool pidNamespaces)
    {
        _shell = shell;
        _gateDirectory = pidNamespaces ? Directory.CreateTempSubdirectory("podvisor-start-gates-").FullName : null;
    }

    public bool SignalsInitOnly => _gateDirectory is not null;

    public string? StartGateDirectory => _gateDirectory;

    /// <summary>Always a view of its own: a container's PID namespace needs a mount namespace for its /proc.</summary>
    public MountTable? MountsFor(ContainerLaunch launch) => MountTable.For(launch);

    public async Task<SpawnedContainer> SpawnAsync(ContainerSpawn spawn)
    {
        var joined = -1;
        try
        {
            joined = spawn.SharedPidNamespace?.Duplicate() ?? -1;
            var pidNamespace = joined >= 0 ? PidNamespaceStart.Join(joined)
                : _gateDirectory is { } gates ? PidNamespaceStart.Own(gates, spawn.Register)
                : PidNamespaceStart.Host;
            var (error, pid) = await MountNamespaceStart.SpawnAsync(spawn.Mounts ?? MountTable.Empty, spawn.Context.WorkingDirectory, spawn.Direct, pidNamespace)
                .ConfigureAwait(false);
            return error == 0 ? SpawnedContainer.Ready(pid) : throw spawn.Failed(error);
        }
        catch (NamespaceSetupException ex)
        {
            throw new ContainerStartException(StartErrorText.Of(ex.Message), ex);
        }
        finally
        {
            if (joined >= 0)
            {
                Native.close(joined);
            }
        }
    }

    /// <summary>Execs join the container's PID namespace too (the host's, on a kernel without PID namespaces).</summary>
    public NamespaceHandles? Enter(ProcessGroupLeader leader, string? workingDirectory) =>
        NamespaceHandles.Open(leader, "ns/pid", workingDirectory);

    public (ExecStartFailure? Failure, int Pid) SpawnExec(ExecSpawn exec)
    {
        var error = 0;
        var pid = 0;
        string? refused = null;
        var entered = exec.View?.Handles?.TryUse(fds =>
        {
            try
            {
                (error, pid) = MountNamespaceExec.Spawn(fds, exec.View.WorkingDirectory, exec.Direct, exec.Cgroup);
            }
            catch (NamespaceSetupException ex)
            {
                refused = ex.Message;
            }
        }) ?? false;
        if (!entered || refused is not null)
        {
            return (new ExecStartFailure(126, refused ?? ExecSpawn.StoppedContainer), 0);
        }

        return (error == 0 ? null : exec.Failed(error), pid);
    }

    public async Task<PodPidNamespace?> StartPodPidNamespaceAsync(Func<int, ProcessGroupLeader> watch)
    {
        if (_gateDirectory is null)
        {
            return null;
        }

        try
        {
            return await PodPidNamespace.StartAsync(_shell, watch).ConfigureAwait(false);
        }
        catch (NamespaceSetupException ex)
        {
            throw new ContainerStartException($"failed to create containerd task: {ex.Message}: unknown", ex);
        }
    }

    /// <summary>Removes the start gates' directory (the guard removes it itself when it fires).</summary>
    public void Dispose()
    {
        try
        {
            if (_gateDirectory is not null)
            {
                Directory.Delete(_gateDirectory, recursive: true);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
