namespace Podvisor.Cli.Workloads;

/// <summary>One object of a manifest that <c>run</c> hands to its in-process API server, as written.</summary>
/// <param name="Origin">Where it came from, as error messages name it (<c>app.yaml</c>, <c>app.yaml: document 2</c>).</param>
/// <param name="Yaml">The document alone, re-serialized: the body of its create request.</param>
internal sealed record WorkloadDocument(string Origin, string ApiVersion, string Kind, string Namespace, string Name, string Yaml)
{
    /// <summary>The API path of the document's collection, or null for a kind <c>run</c> does not create.</summary>
    public string? CollectionPath => (ApiVersion, Kind) switch
    {
        ("v1", "Pod") => $"api/v1/namespaces/{Namespace}/pods",
        ("v1", "ConfigMap") => $"api/v1/namespaces/{Namespace}/configmaps",
        ("v1", "Secret") => $"api/v1/namespaces/{Namespace}/secrets",
        ("v1", "Service") => $"api/v1/namespaces/{Namespace}/services",
        ("apps/v1", "Deployment") => $"apis/apps/v1/namespaces/{Namespace}/deployments",
        ("apps/v1", "ReplicaSet") => $"apis/apps/v1/namespaces/{Namespace}/replicasets",
        _ => null,
    };

    /// <summary>
    /// Creation order: what pods read (ConfigMaps, Secrets) first so no container starts without them, then
    /// Services, then what makes pods; within a rank, the order of the files.
    /// </summary>
    public int Rank => Kind switch
    {
        "ConfigMap" or "Secret" => 0,
        "Service" => 1,
        _ => 2,
    };
}
