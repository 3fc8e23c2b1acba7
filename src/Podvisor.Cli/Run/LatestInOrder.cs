namespace Podvisor.Cli.Run;

/// <summary>
/// The latest version of each object reported again under the same key, in order of first appearance: what
/// <c>kubectl get</c> shows of objects the engine reports many times (a pod's statuses, a merged event's counts).
/// Thread-safe: observers are called from the engine's workers.
/// </summary>
internal sealed class LatestInOrder<T>
{
    private readonly Lock _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, T> _latest = new(StringComparer.Ordinal);

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _order.Select(key => _latest[key])];
            }
        }
    }

    /// <param name="key">The object's identity; null keeps it under a key of its own, merged with nothing.</param>
    public void Put(string? key, T value)
    {
        lock (_gate)
        {
            key ??= $"\0unkeyed-{_order.Count}";
            if (!_latest.ContainsKey(key))
            {
                _order.Add(key);
            }

            _latest[key] = value;
        }
    }
}
