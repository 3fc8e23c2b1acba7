using k8s.Models;
using Podvisor.Engine.Serialization;

namespace Podvisor.Engine.Config;

/// <summary>
/// The objects of <c>podvisor run</c>'s manifests: fixed for the run (the files are read once, so nothing changes and
/// no subscriber is ever called). Each read is a copy, so a caller cannot change what another pod sees.
/// </summary>
public sealed class StaticConfigSource : IConfigSource
{
    private readonly Dictionary<(string Namespace, string Name), V1ConfigMap> _configMaps = [];
    private readonly Dictionary<(string Namespace, string Name), V1Secret> _secrets = [];

    /// <summary>A source holding these objects (namespace <c>default</c> when they name none).</summary>
    public StaticConfigSource(IEnumerable<V1ConfigMap> configMaps, IEnumerable<V1Secret> secrets)
    {
        foreach (var configMap in configMaps)
        {
            _configMaps[(configMap.Metadata.NamespaceProperty ?? "default", configMap.Metadata.Name)] = configMap;
        }

        foreach (var secret in secrets)
        {
            _secrets[(secret.Metadata.NamespaceProperty ?? "default", secret.Metadata.Name)] = secret;
        }
    }

    /// <inheritdoc/>
    public V1ConfigMap? GetConfigMap(string podNamespace, string name) =>
        _configMaps.TryGetValue((podNamespace, name), out var found) ? ModelSerializer.Copy(found) : null;

    /// <inheritdoc/>
    public V1Secret? GetSecret(string podNamespace, string name) =>
        _secrets.TryGetValue((podNamespace, name), out var found) ? ModelSerializer.Copy(found) : null;

    /// <inheritdoc/>
    public IDisposable Subscribe(Action onChanged) => EmptyConfigSource.Instance.Subscribe(onChanged);
}
