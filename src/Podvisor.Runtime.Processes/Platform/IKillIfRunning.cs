namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// A container whose grace-period SIGKILL can be made conditional on its process still running, checked by the
/// runtime itself at the instant of the kill (not by whoever last handled its exit, which may lag behind).
/// </summary>
internal interface IKillIfRunning
{
    /// <summary>
    /// Sends <paramref name="signal"/> as the container's stop signal goes; false, sending nothing, when the process has
    /// exited. Signal 0 sends nothing at all (kill(2)'s null signal): the kill timer asks it when a kill is armed, so that
    /// the same code and system calls are compiled and bound before the deadline's SIGKILL goes through them.
    /// </summary>
    bool SignalIfRunning(int signal);
}
