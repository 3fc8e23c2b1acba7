using System.Globalization;
using System.Runtime.InteropServices;

namespace Podvisor.Cli.Run;

/// <summary>
/// Turns SIGINT/SIGTERM/SIGHUP and <c>--stop-after</c> into stop requests, <c>docker compose up</c> style: the first
/// asks for a graceful deletion, the second (a signal after either) for a forced one; later ones change nothing.
/// The signals are cancelled so the runtime does not tear the process down under the pods it still has to stop.
/// SIGHUP (the terminal closed) stops gracefully like SIGTERM rather than killing the pods with the process.
/// </summary>
/// <remarks>
/// One stop can reach us twice: GNU <c>timeout</c> signals its child and then its whole process group, and a
/// terminal's hang-up goes to the session as well. A repeat of the first SIGTERM or SIGHUP within
/// <see cref="SameDelivery"/> is taken as that one delivery, so a single <c>timeout</c> never turns into a forced
/// kill. SIGINT is never merged: a second Ctrl-C, however quick, is the user asking to force.
/// </remarks>
internal sealed class StopRequests : IDisposable
{
    private readonly TaskCompletionSource<string> _graceful = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _forced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _signals;
    private readonly ITimer? _deadline;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private int _requests;
    private (PosixSignal Signal, long At)? _firstSignal;

    public StopRequests(TimeProvider time, TimeSpan? stopAfter)
    {
        _time = time;
        _signals =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
        if (stopAfter is { } delay)
        {
            _deadline = time.CreateTimer(_ => Request($"--stop-after {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s elapsed"), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>How close a repeat of the first signal must follow it to be the same delivery.</summary>
    public static TimeSpan SameDelivery { get; } = TimeSpan.FromMilliseconds(500);

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
        Receive(context.Signal);
    }

    /// <summary>Handles one delivered signal (internal so tests can deliver them without a process).</summary>
    internal void Receive(PosixSignal signal)
    {
        var name = signal switch
        {
            PosixSignal.SIGINT => "SIGINT",
            PosixSignal.SIGHUP => "SIGHUP",
            _ => "SIGTERM",
        };
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (signal != PosixSignal.SIGINT && _firstSignal is { } first && first.Signal == signal && _time.GetElapsedTime(first.At, now) < SameDelivery)
            {
                return; // the same stop reaching us a second way (process and process group)
            }

            _firstSignal ??= (signal, now);
        }

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
