using System.Threading.Channels;
using Podvisor.Server.Store;

namespace Podvisor.Server.Watch;

/// <summary>
/// Fans every committed change out to the open watches, and keeps a bounded history so that a watch
/// started from resourceVersion N replays every change after N (the apiserver's watch cache). A watch
/// from before the history's horizon gets <see cref="ResourceVersionTooOldException"/> (410 Expired at the API) and relists, as a reflector does.
/// </summary>
internal sealed class WatchHub
{
    private readonly Lock _gate = new();
    private readonly Queue<WatchEvent> _history = new();
    private readonly List<Channel<WatchEvent>> _subscribers = [];
    private readonly int _capacity;
    private long _horizon;

    /// <param name="horizon">The store's resourceVersion when it opened: every change after it is in the history.</param>
    public WatchHub(long horizon, int capacity = 20_000)
    {
        _horizon = horizon;
        _capacity = capacity;
    }

    /// <summary>Number of open watches (for tests and diagnostics).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Called by the store, in commit order, right after each committed change.</summary>
    public void Publish(WatchEvent change)
    {
        lock (_gate)
        {
            _history.Enqueue(change);
            while (_history.Count > _capacity)
            {
                _horizon = _history.Dequeue().ResourceVersion;
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(change);
            }
        }
    }

    /// <summary>Subscribes to every change with a resourceVersion greater than <paramref name="after"/>.</summary>
    /// <exception cref="ResourceVersionTooOldException"><paramref name="after"/> is older than the history.</exception>
    public WatchSubscription Subscribe(long after)
    {
        var channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (after < _horizon)
            {
                throw new ResourceVersionTooOldException(after, _horizon);
            }

            foreach (var change in _history)
            {
                if (change.ResourceVersion > after)
                {
                    channel.Writer.TryWrite(change);
                }
            }

            _subscribers.Add(channel);
        }

        return new WatchSubscription(channel.Reader, () => Unsubscribe(channel));
    }

    /// <summary>Every change after <paramref name="after"/>, in order (a consistent list's undo log).</summary>
    /// <exception cref="ResourceVersionTooOldException"><paramref name="after"/> is older than the history.</exception>
    public IReadOnlyList<WatchEvent> ChangesAfter(long after)
    {
        lock (_gate)
        {
            if (after < _horizon)
            {
                throw new ResourceVersionTooOldException(after, _horizon);
            }

            return [.. _history.Where(c => c.ResourceVersion > after)];
        }
    }

    private void Unsubscribe(Channel<WatchEvent> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }
}
