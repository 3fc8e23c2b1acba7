using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// The stand-in <see cref="PreciseKillTimer"/>'s thread kills once, at its start, so that everything it runs between
/// a wake-up and a kill (the queues, <see cref="ArmedKill.Fire"/>, the timer's setting) is compiled before the first
/// real deadline. Its "kill" reports success and sends nothing; it has no process (PID 0 is never traced).
/// </summary>
internal sealed class KillTimerWarmUp : IRunningContainer, IKillIfRunning
{
    private KillTimerWarmUp()
    {
    }

    public string Id => "kill-timer-warm-up";

    public int ProcessId => 0;

    public DateTimeOffset StartedAt => DateTimeOffset.UnixEpoch;

    public Task<ContainerExit> Exited { get; } = new TaskCompletionSource<ContainerExit>().Task;

    /// <summary>An armed kill of the stand-in, already due.</summary>
    public static ArmedKill Armed() => new(new KillTimerWarmUp(), at: 0, DateTimeOffset.UnixEpoch, armedAt: 0);

    public bool SignalIfRunning(int signal) => true;

    public void Signal(int signal)
    {
    }

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the kill timer's stand-in runs nothing");

    public Task<IExecSession> StartExecAsync(IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the kill timer's stand-in runs nothing");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
