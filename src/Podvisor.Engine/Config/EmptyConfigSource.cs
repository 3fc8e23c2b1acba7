using k8s.Models;

namespace Podvisor.Engine.Config;

/// <summary>A source with no objects: every reference is missing (the default when nothing feeds the engine any).</summary>
public sealed class EmptyConfigSource : IConfigSource
{
    /// <summary>The one empty source.</summary>
    public static readonly EmptyConfigSource Instance = new();

    private EmptyConfigSource()
    {
    }

    /// <inheritdoc/>
    public V1ConfigMap? GetConfigMap(string podNamespace, string name) => null;

    /// <inheritdoc/>
    public V1Secret? GetSecret(string podNamespace, string name) => null;

    /// <inheritdoc/>
    public IDisposable Subscribe(Action onChanged) => NoSubscription.Instance;

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();

        public void Dispose()
        {
        }
    }
}
