using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tables;

/// <summary>Upstream <c>printNode</c>: NAME STATUS ROLES AGE VERSION, and the wide columns.</summary>
internal sealed class NodePrinter : ITablePrinter
{
    public static readonly NodePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Name", "Name must be unique within a namespace.", Format: "name"),
        new("Status", "The status of the node"),
        new("Roles", "The roles of the node"),
        new("Age", "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("Version", "Kubelet Version reported by the node."),
        new("Internal-IP", "List of addresses reachable to the node.", Priority: 1),
        new("External-IP", "List of addresses reachable to the node.", Priority: 1),
        new("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", Priority: 1),
        new("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", Priority: 1),
        new("Container-Runtime", "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).", Priority: 1),
    ];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var ready = (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
        var status = (string?)ready?["status"] == "True" ? "Ready" : "NotReady";
        if ((bool?)obj["spec"]?["unschedulable"] == true)
        {
            status += ",SchedulingDisabled";
        }

        var labels = ObjectMetadata.Of(obj)["labels"] as JsonObject;
        var roles = labels?.Where(l => l.Key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
            .Select(l => l.Key["node-role.kubernetes.io/".Length..]).ToList() ?? [];
        var addresses = (obj["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var info = obj["status"]?["nodeInfo"];
        return
        [
            ObjectMetadata.Name(obj),
            status,
            roles.Count == 0 ? "<none>" : string.Join(",", roles),
            HumanDuration.Since(ObjectMetadata.ParseTimestamp(ObjectMetadata.Of(obj)["creationTimestamp"]), now),
            (string?)info?["kubeletVersion"] ?? string.Empty,
            Address(addresses, "InternalIP"),
            Address(addresses, "ExternalIP"),
            (string?)info?["osImage"] ?? "<unknown>",
            (string?)info?["kernelVersion"] ?? "<unknown>",
            (string?)info?["containerRuntimeVersion"] ?? "<unknown>",
        ];
    }

    private static string Address(List<JsonObject> addresses, string type) =>
        (string?)addresses.FirstOrDefault(a => (string?)a["type"] == type)?["address"] ?? "<none>";
}
