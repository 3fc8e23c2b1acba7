using k8s.Models;

namespace Podvisor.Engine.Config;

/// <summary>A source with no objects: every reference is missing (the default when nothing feeds the engine any).</summary>
public sealed class EmptyConfigSource : IConfigSource
{
    public static readonly EmptyConfigSource Instance = new();

    private EmptyConfigSource()
    {
    }

    public V1ConfigMap? GetConfigMap(string podNamespace, string name) => null;

    public V1Secret? GetSecret(string podNamespace, string name) => null;

    public IDisposable Subscribe(Action onChanged) => NoSubscription.Instance;

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();

        public void Dispose()
        {
        }
    }
}
