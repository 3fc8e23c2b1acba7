using System.Globalization;
using System.Text.Json.Nodes;
using Podvisor.Server.Services;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>Upstream <c>printService</c> (pkg/printers/internalversion/printers.go): NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, and SELECTOR wide.</summary>
internal sealed class ServicePrinter : ITablePrinter
{
    public static readonly ServicePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", Format: "name"),
        new("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer."),
        new("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
        new("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
        new("Port(s)", "The list of ports that are exposed by this service."),
        new("Age", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
        new("Selector", "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        var clusterIp = (string?)spec["clusterIP"] is { Length: > 0 } ip ? ip : "<none>";
        return
        [
            ObjectMetadata.Name(obj),
            (string?)spec["type"] ?? "ClusterIP",
            clusterIp,
            ExternalIp(obj, spec),
            Ports(spec),
            HumanDuration.Since(ObjectMetadata.ParseTimestamp(ObjectMetadata.Of(obj)["creationTimestamp"]), now),
            Selector(spec),
        ];
    }

    /// <summary><c>makePortString</c>: <c>80/TCP</c>, or <c>80:30080/TCP</c> with a node port; <c>&lt;none&gt;</c> without ports.</summary>
    public static string Ports(JsonObject spec)
    {
        var parts = new List<string>();
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var number = EndpointRules.Number(port["port"]) ?? 0;
            var protocol = (string?)port["protocol"] ?? "TCP";
            var nodePort = EndpointRules.Number(port["nodePort"]) ?? 0;
            parts.Add(nodePort > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{number}:{nodePort}/{protocol}")
                : string.Create(CultureInfo.InvariantCulture, $"{number}/{protocol}"));
        }

        return parts.Count == 0 ? "<none>" : string.Join(",", parts);
    }

    /// <summary><c>getServiceExternalIP</c>: ExternalName's name; a LoadBalancer's ingress or <c>&lt;pending&gt;</c>; else the external IPs or <c>&lt;none&gt;</c>.</summary>
    private static string ExternalIp(JsonObject obj, JsonObject spec)
    {
        var external = (spec["externalIPs"] as JsonArray ?? []).Select(n => (string?)n).OfType<string>().ToList();
        switch ((string?)spec["type"])
        {
            case "ExternalName":
                return (string?)spec["externalName"] ?? "<none>";
            case "LoadBalancer":
                var ingress = (obj["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(i => (string?)i["ip"] ?? (string?)i["hostname"]).OfType<string>();
                var all = ingress.Concat(external).ToList();
                return all.Count > 0 ? string.Join(",", all) : "<pending>";
            default:
                return external.Count > 0 ? string.Join(",", external) : "<none>";
        }
    }

    private static string Selector(JsonObject spec)
    {
        var pairs = (spec["selector"] as JsonObject ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={(string?)p.Value}").ToList();
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs);
    }
}
