using System.Net;

namespace Podvisor.Server.Proxy;

/// <summary>
/// The endpoints of one frontend as the proxy sees them: an endpoint that is added takes traffic at once; one that is
/// removed keeps taking new connections until <c>endpointDelay</c> has passed, as a cluster's kube-proxy and load
/// balancers keep sending traffic to a pod for a while after it leaves the EndpointSlice. Picks go round robin.
/// </summary>
internal sealed class BackendSet(TimeSpan endpointDelay, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<(IPEndPoint Endpoint, DateTimeOffset? RemoveAt)> _backends = [];
    private int _next;

    /// <summary>Makes <paramref name="desired"/> the set: new endpoints now, missing ones after the delay.</summary>
    public void Set(IReadOnlyList<IPEndPoint> desired)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            for (var i = 0; i < _backends.Count; i++)
            {
                var (endpoint, removeAt) = _backends[i];
                var wanted = desired.Contains(endpoint);
                _backends[i] = (endpoint, wanted ? null : removeAt ?? now + endpointDelay);
            }

            foreach (var endpoint in desired.Where(d => !_backends.Any(b => b.Endpoint.Equals(d))))
            {
                _backends.Add((endpoint, null));
            }

            Prune(now);
        }
    }

    /// <summary>The endpoints a new connection may go to now (for tests and the next pick).</summary>
    public IReadOnlyList<IPEndPoint> Current()
    {
        lock (_gate)
        {
            Prune(time.GetUtcNow());
            return [.. _backends.Select(b => b.Endpoint)];
        }
    }

    /// <summary>The next endpoint in round-robin order, or null when there is none (the connection is refused).</summary>
    public IPEndPoint? Pick()
    {
        lock (_gate)
        {
            Prune(time.GetUtcNow());
            if (_backends.Count == 0)
            {
                return null;
            }

            var chosen = _backends[_next % _backends.Count].Endpoint;
            _next = (_next + 1) % _backends.Count;
            return chosen;
        }
    }

    private void Prune(DateTimeOffset now) => _backends.RemoveAll(b => b.RemoveAt is { } at && at <= now);
}
