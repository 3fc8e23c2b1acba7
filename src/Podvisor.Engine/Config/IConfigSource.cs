using k8s.Models;

namespace Podvisor.Engine.Config;

/// <summary>
/// Where the ConfigMaps and Secrets a pod refers to come from (the kubelet's <c>configmap.Manager</c> and
/// <c>secret.Manager</c>, pkg/kubelet/configmap and pkg/kubelet/secret): <c>podvisor run</c> serves the documents it
/// read, <c>podvisor serve</c> its store. Reads return a private copy or null when the object does not exist.
/// </summary>
public interface IConfigSource
{
    /// <summary>A copy of the ConfigMap, or null when it does not exist.</summary>
    V1ConfigMap? GetConfigMap(string podNamespace, string name);

    /// <summary>A copy of the Secret, or null when it does not exist.</summary>
    V1Secret? GetSecret(string podNamespace, string name);

    /// <summary>Calls <paramref name="onChanged"/> after any ConfigMap or Secret was created, changed or deleted; dispose to stop.</summary>
    IDisposable Subscribe(Action onChanged);
}
