using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>A stop signal handed to <see cref="PreciseKillTimer"/>'s thread, to be sent at once and its instant read there.</summary>
internal sealed class PendingSignal(IRunningContainer container, int signal)
{
    private readonly TaskCompletionSource<DateTimeOffset> _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The wall-clock instant right after the signal left.</summary>
    public Task<DateTimeOffset> Sent => _sent.Task;

    /// <summary>On the timer thread: sends it and reads the clock, with nothing in between that an ordinary thread could preempt.</summary>
    public void Send()
    {
        try
        {
            container.Signal(signal);
            _sent.TrySetResult(TimeProvider.System.GetUtcNow());
        }
        catch (Exception error)
        {
            // Never ends the timer thread: the engine sees the failure as it would a failed signal of its own.
            _sent.TrySetException(error);
        }
    }
}
