namespace Podvisor.Engine.Runtime;

/// <summary>One SIGKILL armed by <see cref="IKillDeadlines.Arm"/>; disposing it disarms it.</summary>
public interface IArmedKill : IDisposable
{
    /// <summary>
    /// Completes with the instant the signal was sent; never completes when disarmed first, nor when the container's
    /// process had already exited at the deadline (the runtime kills only what still runs).
    /// </summary>
    Task<DateTimeOffset> Sent { get; }
}
