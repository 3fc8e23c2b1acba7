namespace Podvisor.Engine.Runtime;

/// <summary>
/// A runtime's precise path for the SIGKILL that ends a grace period. The engine still decides when a container is
/// killed and reports it; the runtime only sends the signal at the instant it was given, from a place the process's
/// own load (the thread pool, timers, the garbage collector's threads) does not delay. It works on the real clock
/// only, so the engine never asks for it under a fake <see cref="TimeProvider"/>.
/// </summary>
public interface IKillDeadlines
{
    /// <summary>
    /// Arms a SIGKILL of <paramref name="container"/>'s process group at <paramref name="deadline"/> (wall clock,
    /// taken relative to now when armed, so later clock steps do not move it); a past deadline fires at once.
    /// Disposing the returned handle disarms it: afterwards it has either fired or never will.
    /// </summary>
    IArmedKill Arm(IRunningContainer container, DateTimeOffset deadline);
}
