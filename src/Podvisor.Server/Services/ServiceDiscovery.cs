using System.Text.Json.Nodes;

namespace Podvisor.Server.Services;

/// <summary>Discovery of the <c>discovery.k8s.io/v1</c> group (aggregated and legacy): <c>endpointslices</c>, no short name, as upstream.</summary>
internal static class ServiceDiscovery
{
    private static readonly string[] Verbs = ["get", "list", "watch"];

    public static JsonObject AggregatedGroup() => new()
    {
        ["metadata"] = new JsonObject { ["name"] = ServiceKinds.DiscoveryGroup, ["creationTimestamp"] = null },
        ["versions"] = new JsonArray(new JsonObject
        {
            ["version"] = "v1",
            ["resources"] = new JsonArray(new JsonObject
            {
                ["resource"] = "endpointslices",
                ["responseKind"] = new JsonObject { ["group"] = string.Empty, ["version"] = string.Empty, ["kind"] = "EndpointSlice" },
                ["scope"] = "Namespaced",
                ["singularResource"] = "endpointslice",
                ["verbs"] = Array(Verbs),
            }),
            ["freshness"] = "Current",
        }),
    };

    public static JsonObject LegacyGroup()
    {
        var version = new JsonObject { ["groupVersion"] = ServiceKinds.DiscoveryApiVersion, ["version"] = "v1" };
        return new JsonObject { ["name"] = ServiceKinds.DiscoveryGroup, ["versions"] = new JsonArray(version), ["preferredVersion"] = version.DeepClone() };
    }

    public static JsonObject ResourceList() => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = ServiceKinds.DiscoveryApiVersion,
        ["resources"] = new JsonArray(new JsonObject
        {
            ["name"] = "endpointslices",
            ["singularName"] = "endpointslice",
            ["namespaced"] = true,
            ["kind"] = "EndpointSlice",
            ["verbs"] = Array(Verbs),
        }),
    };

    private static JsonArray Array(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
