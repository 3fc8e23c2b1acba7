using System.Net;
using System.Net.Sockets;

namespace Podvisor.Server.Proxy;

/// <summary>
/// The local kube-proxy: one <see cref="ProxyListener"/> per frontend address, reconciled from the rules it is given.
/// It knows nothing of the API store, so <c>run</c> can drive it with rules of its own.
/// </summary>
internal sealed class ServiceProxy(TimeSpan endpointDelay, TimeProvider time, Action<string> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<IPEndPoint, ProxyListener> _listeners = [];
    private readonly HashSet<IPEndPoint> _failed = [];

    public TimeSpan EndpointDelay => endpointDelay;

    /// <summary>Listens on every rule's frontend (a new one at once), forgets the others, and hands each its endpoints.</summary>
    public async Task ApplyAsync(IReadOnlyCollection<ProxyRule> rules)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var wanted = rules.ToDictionary(r => r.Frontend);
            foreach (var gone in _listeners.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                await _listeners[gone].DisposeAsync().ConfigureAwait(false);
                _listeners.Remove(gone);
            }

            _failed.RemoveWhere(f => !wanted.ContainsKey(f));
            foreach (var rule in rules)
            {
                if (!_listeners.TryGetValue(rule.Frontend, out var listener))
                {
                    try
                    {
                        listener = new ProxyListener(rule.Frontend, new BackendSet(endpointDelay, time), log);
                    }
                    catch (SocketException e)
                    {
                        if (_failed.Add(rule.Frontend))
                        {
                            log($"proxy: cannot listen on {rule.Frontend}: {e.Message}");
                        }

                        continue;
                    }

                    _failed.Remove(rule.Frontend);
                    _listeners[rule.Frontend] = listener;
                }

                listener.Backends.Set(rule.Backends);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The endpoints a new connection to <paramref name="frontend"/> may reach now; empty when not listening.</summary>
    public IReadOnlyList<IPEndPoint> EndpointsOf(IPEndPoint frontend) =>
        _listeners.TryGetValue(frontend, out var listener) ? listener.Backends.Current() : [];

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var listener in _listeners.Values)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            _listeners.Clear();
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }
}
