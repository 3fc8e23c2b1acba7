using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Podvisor.Engine.Config;

namespace Podvisor.Testing;

/// <summary>ConfigMaps and Secrets a test puts in and takes out; subscribers hear of each change at once.</summary>
internal sealed class FakeConfigSource : IConfigSource
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), V1ConfigMap> _configMaps = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), V1Secret> _secrets = new();
    private readonly ConcurrentDictionary<int, Action> _subscribers = new();
    private int _nextSubscription;
    private int _reads;

    /// <summary>How many times the engine read an object (found or not).</summary>
    public int Reads => Volatile.Read(ref _reads);

    public void Put(V1ConfigMap configMap)
    {
        _configMaps[(configMap.Metadata.NamespaceProperty ?? "default", configMap.Metadata.Name)] = Copy(configMap);
        Notify();
    }

    public void Put(V1Secret secret)
    {
        _secrets[(secret.Metadata.NamespaceProperty ?? "default", secret.Metadata.Name)] = Copy(secret);
        Notify();
    }

    public void PutConfigMap(string name, params (string Key, string Value)[] data) =>
        Put(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" }, Data = data.ToDictionary(d => d.Key, d => d.Value) });

    public void PutSecret(string name, params (string Key, string Value)[] data) =>
        Put(new V1Secret { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" }, Data = data.ToDictionary(d => d.Key, d => System.Text.Encoding.UTF8.GetBytes(d.Value)) });

    public V1ConfigMap? GetConfigMap(string podNamespace, string name)
    {
        Interlocked.Increment(ref _reads);
        return _configMaps.TryGetValue((podNamespace, name), out var found) ? Copy(found) : null;
    }

    public V1Secret? GetSecret(string podNamespace, string name)
    {
        Interlocked.Increment(ref _reads);
        return _secrets.TryGetValue((podNamespace, name), out var found) ? Copy(found) : null;
    }

    public IDisposable Subscribe(Action onChanged)
    {
        var id = Interlocked.Increment(ref _nextSubscription);
        _subscribers[id] = onChanged;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    private void Notify()
    {
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber();
        }
    }

    private static T Copy<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
