namespace Podvisor.Engine.Containers;

/// <summary>
/// The kubelet's restart back-off for one container (client-go <c>flowcontrol.Backoff</c> as used by
/// <c>kuberuntime_manager.go doBackOff</c>): 10 s, doubling to 300 s; an entry expires when the container
/// ran for more than twice the maximum (10 minutes) since the back-off last advanced. No jitter: the kubelet
/// configures none for container restarts. Pure: time comes in as arguments.
/// </summary>
internal sealed class CrashLoopBackOff
{
    /// <summary>kubelet.go <c>backOffPeriod</c>.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);

    /// <summary>kubelet.go <c>MaxContainerBackOff</c>.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(300);

    private TimeSpan? _current;
    private DateTimeOffset _lastUpdate;

    /// <summary>The back-off the next wait would use, for messages (<c>back-off 20s restarting ...</c>).</summary>
    public TimeSpan Current => _current ?? TimeSpan.Zero;

    /// <summary>
    /// Whether a container that finished at <paramref name="finishedAt"/> must still wait at <paramref name="now"/>;
    /// if so, <paramref name="until"/> is when it may restart.
    /// </summary>
    public bool IsInBackOffSince(DateTimeOffset finishedAt, DateTimeOffset now, out DateTimeOffset until)
    {
        until = now;
        if (_current is not { } backoff || HasExpired(finishedAt))
        {
            return false;
        }

        until = finishedAt + backoff;
        return now - finishedAt < backoff;
    }

    /// <summary>Advances the back-off when a restart happens (<c>Backoff.Next</c>).</summary>
    public void Next(DateTimeOffset finishedAt, DateTimeOffset now)
    {
        _current = _current is { } backoff && !HasExpired(finishedAt)
            ? TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Maximum.Ticks))
            : Initial;
        _lastUpdate = now;
    }

    private bool HasExpired(DateTimeOffset eventTime) => eventTime - _lastUpdate > 2 * Maximum;
}
