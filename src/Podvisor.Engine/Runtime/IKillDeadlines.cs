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

    /// <summary>
    /// Sends <paramref name="container"/> its stop signal and gives the wall-clock instant right after it left: the
    /// instant the grace period counts from (as containerd's timer starts once its kill has returned). A runtime whose
    /// kill thread can send the signal does it there, so that no preemption of an ordinary thread between the signal
    /// and the reading of the clock moves the SIGKILL later than the grace after the signal's arrival (bench/README.md,
    /// goal 2: under busy cores that gap reached 4–6 ms). By default the caller sends it and reads the clock.
    /// </summary>
    Task<DateTimeOffset> SignalAsync(IRunningContainer container, int signal) => SignalFromCaller(container, signal);

    /// <summary>
    /// <see cref="SignalAsync"/>'s default, for an implementation that sends some signals from the caller's thread (a
    /// class cannot call the interface's default body itself).
    /// </summary>
    static Task<DateTimeOffset> SignalFromCaller(IRunningContainer container, int signal)
    {
        ArgumentNullException.ThrowIfNull(container);
        container.Signal(signal);
        return Task.FromResult(TimeProvider.System.GetUtcNow());
    }
}
