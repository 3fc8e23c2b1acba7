namespace Podvisor.Server.Store;

/// <summary>A served resource: its plural name in URLs, its Kind, its list Kind and its scope.</summary>
internal sealed record ResourceKind(string Resource, string Kind, string ListKind, bool Namespaced)
{
    public static readonly ResourceKind Pods = new("pods", "Pod", "PodList", Namespaced: true);

    public static readonly ResourceKind Events = new("events", "Event", "EventList", Namespaced: true);

    public static readonly ResourceKind Namespaces = new("namespaces", "Namespace", "NamespaceList", Namespaced: false);

    public static readonly ResourceKind Nodes = new("nodes", "Node", "NodeList", Namespaced: false);

    public static readonly ResourceKind ConfigMaps = new("configmaps", "ConfigMap", "ConfigMapList", Namespaced: true);

    public static readonly ResourceKind Secrets = new("secrets", "Secret", "SecretList", Namespaced: true);

    public static readonly IReadOnlyList<ResourceKind> All = [Pods, Events, Namespaces, Nodes, ConfigMaps, Secrets];
}
