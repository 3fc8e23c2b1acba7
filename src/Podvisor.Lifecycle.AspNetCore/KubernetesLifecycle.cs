using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Podvisor.Lifecycle.AspNetCore;

/// <summary>
/// The app's place in the pod lifecycle: started or not, terminating or not. Readiness is false before the
/// host has started and from the first termination signal on (SIGTERM, a preStop call, or
/// <see cref="BeginTermination"/>); it never turns true again. Resolve it from DI to watch
/// <see cref="Terminating"/> in background work.
/// </summary>
public sealed class KubernetesLifecycle : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _terminating = new();
    private readonly Lock _gate = new();
    private bool _started;
    private bool _disposed;
    private Termination? _termination;

    internal KubernetesLifecycle(IOptions<KubernetesLifecycleOptions> options, TimeProvider time, ILogger<KubernetesLifecycle> logger)
    {
        _time = time;
        _logger = logger;
        Plan = ShutdownPlan.From(options.Value);
    }

    /// <summary>How the grace period is spent.</summary>
    public ShutdownPlan Plan { get; }

    /// <summary>Whether the host has started (every hosted service and the server).</summary>
    public bool HasStarted
    {
        get
        {
            lock (_gate)
            {
                return _started;
            }
        }
    }

    /// <summary>Whether termination has begun; readiness is false from then on.</summary>
    public bool IsTerminating
    {
        get
        {
            lock (_gate)
            {
                return _termination is not null;
            }
        }
    }

    /// <summary>Whether the pod should get traffic: started and not terminating.</summary>
    public bool IsReady
    {
        get
        {
            lock (_gate)
            {
                return _started && _termination is null;
            }
        }
    }

    /// <summary>What began termination, or null while running.</summary>
    public TerminationTrigger? Trigger
    {
        get
        {
            lock (_gate)
            {
                return _termination?.Trigger;
            }
        }
    }

    /// <summary>Cancelled the moment termination begins.</summary>
    public CancellationToken Terminating => _terminating.Token;

    /// <summary>
    /// Begins termination: readiness turns false at once. Idempotent; the first trigger is the one kept.
    /// </summary>
    /// <returns>Whether this call began termination.</returns>
    public bool BeginTermination(TerminationTrigger trigger)
    {
        Termination termination;
        lock (_gate)
        {
            if (_termination is not null)
            {
                return false;
            }

            // An app that was never ready had no traffic to drain.
            var drain = _started ? Plan.DrainDelay : TimeSpan.Zero;
            termination = new Termination(trigger, _time.GetUtcNow() + drain, drain);
            _termination = termination;
            if (_disposed)
            {
                // A host that failed to start is disposed before it stops: nothing listens any more.
                return true;
            }
        }

        LifecycleLog.TerminationBegan(_logger, trigger, termination.Drain.TotalSeconds, Plan.GracePeriod.TotalSeconds, Plan.HostShutdownTimeout.TotalSeconds);
        _terminating.Cancel();
        return true;
    }

    internal void MarkStarted()
    {
        lock (_gate)
        {
            _started = true;
        }
    }

    /// <summary>Waits until the drain delay since termination began has passed; returns early, without throwing, if cancelled.</summary>
    internal async Task WaitForDrainAsync(CancellationToken cancellationToken)
    {
        Termination? termination;
        lock (_gate)
        {
            termination = _termination;
        }

        var remaining = termination is null ? TimeSpan.Zero : termination.DrainEndsAt - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(remaining, _time, cancellationToken).ConfigureAwait(false);
            LifecycleLog.DrainCompleted(_logger, termination!.Drain.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout or the caller gave up: stop draining, the rest of the shutdown goes on.
        }
    }

    /// <summary>Releases the <see cref="Terminating"/> token source; the DI container calls it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _terminating.Dispose();
    }

    private sealed record Termination(TerminationTrigger Trigger, DateTimeOffset DrainEndsAt, TimeSpan Drain);
}
