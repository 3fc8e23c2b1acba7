using k8s.Models;

namespace Podvisor.Cli.Run;

/// <summary>
/// A v1 <c>List</c> of mixed kinds, as <c>kubectl get pods,events -o json</c> prints it; the client library has
/// typed lists only. Serialized by <c>KubernetesJson</c>/<c>KubernetesYaml</c>, which name properties in camelCase.
/// </summary>
internal sealed class KubernetesList
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "List";

    // kubectl prints `"metadata": {"resourceVersion": ""}` for client-side lists.
    public V1ListMeta Metadata { get; set; } = new() { ResourceVersion = string.Empty };

    public IList<object> Items { get; set; } = [];
}
