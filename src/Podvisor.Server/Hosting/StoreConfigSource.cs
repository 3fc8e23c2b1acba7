using System.Collections.Concurrent;
using k8s.Models;
using Podvisor.Engine.Config;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Store;
using Podvisor.Server.Watch;

namespace Podvisor.Server.Hosting;

/// <summary>
/// The engine's view of the store's ConfigMaps and Secrets. Reads go to the store each time (it is local: there is no
/// apiserver round trip for the kubelet's cache to save); a watch on the store's change feed tells subscribers of
/// every change of either kind, as the kubelet's watch-based manager learns of them.
/// </summary>
internal sealed class StoreConfigSource : IConfigSource, IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly WatchSubscription _changes;
    private readonly ConcurrentDictionary<long, Action> _subscribers = new();
    private readonly Task _pump;
    private long _nextId;

    public StoreConfigSource(ObjectStore store)
    {
        _store = store;
        _changes = store.Hub.Subscribe(store.ResourceVersion);
        _pump = Task.Run(PumpAsync);
    }

    public V1ConfigMap? GetConfigMap(string podNamespace, string name) =>
        _store.Get(ResourceKind.ConfigMaps, podNamespace, name) is { } found ? ModelSerializer.Deserialize<V1ConfigMap>(found.ToJsonString()) : null;

    public V1Secret? GetSecret(string podNamespace, string name) =>
        _store.Get(ResourceKind.Secrets, podNamespace, name) is { } found ? ModelSerializer.Deserialize<V1Secret>(found.ToJsonString()) : null;

    public IDisposable Subscribe(Action onChanged)
    {
        var id = Interlocked.Increment(ref _nextId);
        _subscribers[id] = onChanged;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Dispose();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        // Ends when the subscription is disposed (the hub completes its channel).
        var reader = _changes.Changes;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var relevant = false;
            while (reader.TryRead(out var change))
            {
                relevant |= change.Kind == ResourceKind.ConfigMaps || change.Kind == ResourceKind.Secrets;
            }

            if (relevant)
            {
                foreach (var subscriber in _subscribers.Values)
                {
                    subscriber();
                }
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
