using System.Globalization;
using System.Runtime.InteropServices;

namespace Podvisor.Cli.Run;

/// <summary>
/// Turns SIGINT/SIGTERM and <c>--stop-after</c> into stop requests, <c>docker compose up</c> style: the first
/// asks for a graceful deletion, the second (a signal after either) for a forced one; later ones change nothing.
/// The signals are cancelled so the runtime does not tear the process down under the pods it still has to stop.
/// </summary>
internal sealed class StopRequests : IDisposable
{
    private readonly TaskCompletionSource<string> _graceful = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _forced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _signals;
    private readonly ITimer? _deadline;
    private int _requests;

    public StopRequests(TimeProvider time, TimeSpan? stopAfter)
    {
        _signals =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
        if (stopAfter is { } delay)
        {
            _deadline = time.CreateTimer(_ => Request($"--stop-after {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s elapsed"), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Completes with the reason when a graceful stop is first requested.</summary>
    public Task<string> Graceful => _graceful.Task;

    /// <summary>Completes with the reason when a second request asks to stop at once.</summary>
    public Task<string> Forced => _forced.Task;

    /// <summary>Requests a graceful stop unless one was already requested (the deadline, or the caller giving up).</summary>
    public void Request(string reason)
    {
        if (Interlocked.CompareExchange(ref _requests, 1, 0) == 0)
        {
            _graceful.TrySetResult(reason);
        }
    }

    public void Dispose()
    {
        _deadline?.Dispose();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        switch (Interlocked.Increment(ref _requests))
        {
            case 1:
                _graceful.TrySetResult(name + " received");
                break;
            case 2:
                _forced.TrySetResult(name + " received again");
                break;
            default:
                // The engine is already killing everything; nothing faster exists.
                break;
        }
    }
}
