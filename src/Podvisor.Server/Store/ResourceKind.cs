namespace Podvisor.Server.Store;

/// <summary>A served resource: its plural name in URLs, its Kind, its list Kind, its scope and the apiVersion it is stored at.</summary>
internal sealed record ResourceKind(string Resource, string Kind, string ListKind, bool Namespaced, string ApiVersion = "v1")
{
    public static readonly ResourceKind Pods = new("pods", "Pod", "PodList", Namespaced: true);

    public static readonly ResourceKind Events = new("events", "Event", "EventList", Namespaced: true);

    public static readonly ResourceKind Namespaces = new("namespaces", "Namespace", "NamespaceList", Namespaced: false);

    public static readonly ResourceKind Nodes = new("nodes", "Node", "NodeList", Namespaced: false);

    /// <summary>apps/v1 Deployments (stored with <c>apiVersion: apps/v1</c>).</summary>
    public static readonly ResourceKind Deployments = new("deployments", "Deployment", "DeploymentList", Namespaced: true, ApiVersion: "apps/v1");

    /// <summary>apps/v1 ReplicaSets (stored with <c>apiVersion: apps/v1</c>).</summary>
    public static readonly ResourceKind ReplicaSets = new("replicasets", "ReplicaSet", "ReplicaSetList", Namespaced: true, ApiVersion: "apps/v1");

    public static readonly ResourceKind ConfigMaps = new("configmaps", "ConfigMap", "ConfigMapList", Namespaced: true);

    public static readonly ResourceKind Secrets = new("secrets", "Secret", "SecretList", Namespaced: true);

    public static readonly IReadOnlyList<ResourceKind> All = [Pods, Events, Namespaces, Nodes, ConfigMaps, Secrets, Deployments, ReplicaSets];
}
