using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// The discovery documents (aggregated v2 and legacy), <c>/version</c>, and the small OpenAPI v3 document that
/// tells kubectl the server honours <c>fieldValidation</c> for pods, so <c>create/apply</c> validate server-side.
/// </summary>
internal static class Discovery
{
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>The reported version: its minor decides which kubectl the gcloud dispatcher runs (spec/kubectl-api.md §1).</summary>
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.4",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.8",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static readonly string[] EventVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    private static readonly (string Resource, string Kind, string Singular, bool Namespaced, string[] Verbs, string[] ShortNames, string[] Categories, (string Name, string Kind, string[] Verbs)[] Subresources)[] Resources =
    [
        ("pods", "Pod", "pod", true, ["create", "delete", "get", "list", "patch", "update", "watch"], ["po"], ["all"],
            [("attach", "PodAttachOptions", ["create", "get"]), ("exec", "PodExecOptions", ["create", "get"]), ("log", "Pod", ["get"]), ("status", "Pod", ["get", "patch", "update"])]),
        ("events", "Event", "event", true, EventVerbs, ["ev"], [], []),
        ("namespaces", "Namespace", "namespace", false, ["create", "delete", "get", "list", "patch", "update", "watch"], ["ns"], [], []),
        ("nodes", "Node", "node", false, ["get", "list", "watch"], ["no"], [], []),
        ("services", "Service", "service", true, ["create", "delete", "get", "list", "patch", "update", "watch"], ["svc"], ["all"], [("status", "Service", ["get", "patch", "update"])]),
        ("configmaps", "ConfigMap", "configmap", true, EventVerbs, ["cm"], [], []),
        ("secrets", "Secret", "secret", true, EventVerbs, [], [], []),
    ];

    public static JsonObject Aggregated()
    {
        var resources = new JsonArray();
        foreach (var r in Resources)
        {
            var resource = new JsonObject
            {
                ["resource"] = r.Resource,
                ["responseKind"] = Gvk(r.Kind),
                ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
                ["singularResource"] = r.Singular,
                ["verbs"] = Array(r.Verbs),
                ["shortNames"] = Array(r.ShortNames),
            };
            if (r.Categories.Length > 0)
            {
                resource["categories"] = Array(r.Categories);
            }

            if (r.Subresources.Length > 0)
            {
                var subresources = new JsonArray();
                foreach (var (name, kind, verbs) in r.Subresources)
                {
                    subresources.Add((JsonNode?)new JsonObject { ["subresource"] = name, ["responseKind"] = Gvk(kind), ["verbs"] = Array(verbs) });
                }

                resource["subresources"] = subresources;
            }

            resources.Add((JsonNode?)resource);
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray(new JsonObject
            {
                ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
                ["versions"] = new JsonArray(new JsonObject { ["version"] = "v1", ["resources"] = resources, ["freshness"] = "Current" }),
            }),
        };
    }

    /// <summary>
    /// The API groups besides core: the two review APIs kubectl's <c>auth can-i</c> and <c>auth whoami</c> post to,
    /// and <c>events.k8s.io</c>, which client-go's and the other clients' newer event recorders write to.
    /// </summary>
    private static readonly (string Group, string Resource, string Kind, bool Namespaced, string[] Verbs)[] Reviews =
    [
        ("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, ["create"]),
        ("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview", false, ["create"]),
        (EventsV1.Group, "events", "Event", true, EventVerbs),
    ];

    public static JsonObject AggregatedGroups()
    {
        var items = new JsonArray(Apps.AppsDiscovery.AggregatedGroup(), Services.ServiceDiscovery.AggregatedGroup());
        foreach (var (group, resource, kind, namespaced, verbs) in Reviews)
        {
            items.Add((JsonNode?)new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = group, ["creationTimestamp"] = null },
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["version"] = "v1",
                    ["resources"] = new JsonArray(new JsonObject
                    {
                        ["resource"] = resource,
                        ["responseKind"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["kind"] = kind },
                        ["scope"] = namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = resource[..^1],
                        ["verbs"] = Array(verbs),
                    }),
                    ["freshness"] = "Current",
                }),
            });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    public static JsonObject LegacyGroupResources(string group)
    {
        var (_, resource, kind, namespaced, verbs) = Reviews.First(r => r.Group == group);
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = $"{group}/v1",
            ["resources"] = new JsonArray(new JsonObject
            {
                ["name"] = resource,
                ["singularName"] = resource[..^1],
                ["namespaced"] = namespaced,
                ["kind"] = kind,
                ["verbs"] = Array(verbs),
            }),
        };
    }

    public static JsonObject LegacyVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = Array(["v1"]),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject LegacyGroups()
    {
        var groups = new JsonArray(Apps.AppsDiscovery.LegacyGroup(), Services.ServiceDiscovery.LegacyGroup());
        foreach (var (group, _, _, _, _) in Reviews)
        {
            var version = new JsonObject { ["groupVersion"] = $"{group}/v1", ["version"] = "v1" };
            groups.Add((JsonNode?)new JsonObject { ["name"] = group, ["versions"] = new JsonArray(version), ["preferredVersion"] = version.DeepClone() });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject LegacyResources()
    {
        var resources = new JsonArray();
        foreach (var r in Resources)
        {
            var resource = new JsonObject
            {
                ["name"] = r.Resource,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = Array(r.Verbs),
                ["shortNames"] = Array(r.ShortNames),
            };
            if (r.Categories.Length > 0)
            {
                resource["categories"] = Array(r.Categories);
            }

            resources.Add((JsonNode?)resource);
            foreach (var (name, kind, verbs) in r.Subresources)
            {
                resources.Add((JsonNode?)new JsonObject
                {
                    ["name"] = $"{r.Resource}/{name}",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = kind,
                    ["verbs"] = Array(verbs),
                });
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["groupVersion"] = "v1", ["resources"] = resources };
    }

    public const string OpenApiHash = "podvisor-2";

    public static JsonObject OpenApiIndex() => new()
    {
        ["paths"] = new JsonObject { ["api/v1"] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/api/v1?hash={OpenApiHash}" } },
    };

    /// <summary>
    /// The pod PATCH operation with its <c>fieldValidation</c> parameter (docs/apiserver-behaviour.md §2.4), and generated schemas for
    /// <c>kubectl explain</c>. The strategic-merge content type stays unlisted so that client-side apply keeps
    /// computing its patches from kubectl's built-in types.
    /// </summary>
    public static JsonObject OpenApiCoreV1()
    {
        var document = OpenApiOperations();
        document["components"] = new JsonObject { ["schemas"] = CachedSchemas.Value.DeepClone() };
        return document;
    }

    private static readonly Lazy<JsonObject> CachedSchemas = new(OpenApiSchemas.Generate);

    private static JsonObject OpenApiOperations() => JsonNode.Parse("""
        {"openapi":"3.0.0","info":{"title":"Kubernetes","version":"v1.32.4"},
         "paths":{"/api/v1/namespaces/{namespace}/pods/{name}":{"patch":{
           "operationId":"patchCoreV1NamespacedPod","x-kubernetes-action":"patch",
           "x-kubernetes-group-version-kind":{"group":"","version":"v1","kind":"Pod"},
           "parameters":[{"name":"fieldValidation","in":"query","schema":{"type":"string","uniqueItems":true}}],
           "requestBody":{"content":{"application/apply-patch+yaml":{"schema":{"type":"object"}},
                                     "application/json-patch+json":{"schema":{"type":"object"}},
                                     "application/merge-patch+json":{"schema":{"type":"object"}}}},
           "responses":{"200":{"description":"OK"}}}}},
         "components":{"schemas":{}}}
        """)!.AsObject();

    private static JsonObject Gvk(string kind) => new() { ["group"] = string.Empty, ["version"] = "v1", ["kind"] = kind };

    private static JsonArray Array(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
