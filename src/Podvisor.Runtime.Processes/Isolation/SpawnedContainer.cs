namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>A container's first process, spawned.</summary>
/// <param name="SetupReport">Empty once the namespaces are ready and the command runs; otherwise why the setup failed (runc's words).</param>
internal sealed record SpawnedContainer(int Pid, Task<string> SetupReport)
{
    /// <summary>A process whose setup was done before the spawn returned.</summary>
    public static SpawnedContainer Ready(int pid) => new(pid, Task.FromResult(string.Empty));
}
