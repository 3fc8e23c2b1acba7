namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// A container whose grace-period SIGKILL can be made conditional on its process still running, checked by the
/// runtime itself at the instant of the kill (not by whoever last handled its exit, which may lag behind).
/// </summary>
internal interface IKillIfRunning
{
    /// <summary>Sends SIGKILL as the container's stop signal goes; false, sending nothing, when the process has exited.</summary>
    bool KillIfRunning();
}
