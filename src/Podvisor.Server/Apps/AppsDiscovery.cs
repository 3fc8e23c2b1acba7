using System.Text.Json.Nodes;

namespace Podvisor.Server.Apps;

/// <summary>
/// Discovery of the <c>apps/v1</c> group, aggregated (<c>apidiscovery.k8s.io/v2</c>) and legacy (<c>APIGroup</c>,
/// <c>APIResourceList</c>): deployments (<c>deploy</c>) and replicasets (<c>rs</c>), both in the <c>all</c> category,
/// with <c>status</c> and the autoscaling/v1 <c>scale</c> subresources.
/// </summary>
internal static class AppsDiscovery
{
    private static readonly string[] Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"];
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    private static readonly (string Resource, string Singular, string Kind, string ShortName)[] Resources =
    [
        ("deployments", "deployment", "Deployment", "deploy"),
        ("replicasets", "replicaset", "ReplicaSet", "rs"),
    ];

    public static JsonObject AggregatedGroup()
    {
        var resources = new JsonArray();
        foreach (var (resource, singular, kind, shortName) in Resources)
        {
            resources.Add((JsonNode?)new JsonObject
            {
                ["resource"] = resource,
                ["responseKind"] = Gvk(string.Empty, string.Empty, kind),
                ["scope"] = "Namespaced",
                ["singularResource"] = singular,
                ["verbs"] = Array(Verbs),
                ["shortNames"] = Array([shortName]),
                ["categories"] = Array(["all"]),
                ["subresources"] = new JsonArray(
                    new JsonObject { ["subresource"] = "scale", ["responseKind"] = Gvk("autoscaling", "v1", "Scale"), ["verbs"] = Array(SubresourceVerbs) },
                    new JsonObject { ["subresource"] = "status", ["responseKind"] = Gvk(string.Empty, string.Empty, kind), ["verbs"] = Array(SubresourceVerbs) }),
            });
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = AppsGroup.Name, ["creationTimestamp"] = null },
            ["versions"] = new JsonArray(new JsonObject { ["version"] = "v1", ["resources"] = resources, ["freshness"] = "Current" }),
        };
    }

    public static JsonObject LegacyGroup()
    {
        var version = new JsonObject { ["groupVersion"] = AppsGroup.ApiVersion, ["version"] = "v1" };
        return new JsonObject { ["name"] = AppsGroup.Name, ["versions"] = new JsonArray(version), ["preferredVersion"] = version.DeepClone() };
    }

    public static JsonObject ResourceList()
    {
        var resources = new JsonArray();
        foreach (var (resource, singular, kind, shortName) in Resources)
        {
            resources.Add((JsonNode?)new JsonObject
            {
                ["name"] = resource,
                ["singularName"] = singular,
                ["namespaced"] = true,
                ["kind"] = kind,
                ["verbs"] = Array(Verbs),
                ["shortNames"] = Array([shortName]),
                ["categories"] = Array(["all"]),
            });
            resources.Add((JsonNode?)new JsonObject
            {
                ["name"] = resource + "/scale",
                ["singularName"] = string.Empty,
                ["namespaced"] = true,
                ["group"] = "autoscaling",
                ["version"] = "v1",
                ["kind"] = "Scale",
                ["verbs"] = Array(SubresourceVerbs),
            });
            resources.Add((JsonNode?)new JsonObject
            {
                ["name"] = resource + "/status",
                ["singularName"] = string.Empty,
                ["namespaced"] = true,
                ["kind"] = kind,
                ["verbs"] = Array(SubresourceVerbs),
            });
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = AppsGroup.ApiVersion, ["resources"] = resources };
    }

    private static JsonObject Gvk(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Array(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
