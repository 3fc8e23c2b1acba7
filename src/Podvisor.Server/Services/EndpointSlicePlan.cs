using System.Text.Json.Nodes;

namespace Podvisor.Server.Services;

/// <summary>
/// The slices a Service should have given the pods (upstream's reconciler in staging/src/k8s.io/endpointslice): every
/// pod its selector matches in its namespace that <see cref="EndpointRules.Included"/> keeps, one endpoint each, grouped
/// by the resolved port set (pods whose named ports resolve differently land in different slices, as upstream).
/// A Service whose pods give no endpoint still gets one empty slice, as upstream's placeholder.
/// </summary>
internal static class EndpointSlicePlan
{
    /// <summary>Null when the controller leaves the Service alone: no selector, or type ExternalName.</summary>
    public static IReadOnlyList<SliceContent>? Desired(JsonObject service, IEnumerable<JsonObject> pods)
    {
        var spec = service["spec"] as JsonObject ?? [];
        if (spec["selector"] is not JsonObject { Count: > 0 } selector || (string?)spec["type"] == "ExternalName")
        {
            return null;
        }

        var ns = (string?)service["metadata"]?["namespace"];
        var publishNotReady = (bool?)spec["publishNotReadyAddresses"] ?? false;
        var groups = new Dictionary<string, SliceContent>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pod in pods.OrderBy(p => (string?)p["metadata"]?["name"], StringComparer.Ordinal))
        {
            if ((string?)pod["metadata"]?["namespace"] != ns || !Selects(selector, pod["metadata"]?["labels"] as JsonObject) || !EndpointRules.Included(pod))
            {
                continue;
            }

            var ports = new JsonArray([.. EndpointRules.Ports(spec["ports"] as JsonArray, pod).Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["port"] = p.Port,
                ["protocol"] = p.Protocol,
            })]);
            var key = SliceContent.PortsKey(ports);
            if (!groups.TryGetValue(key, out var group))
            {
                group = new SliceContent(ports, []);
                groups[key] = group;
                order.Add(key);
            }

            group.Endpoints.Add((JsonNode?)Endpoint(pod, publishNotReady));
        }

        return order.Count == 0 ? [new SliceContent([], [])] : [.. order.Select(k => groups[k])];
    }

    /// <summary>A map selector: every key present with the same value (<c>labels.SelectorFromSet</c>).</summary>
    public static bool Selects(JsonObject selector, JsonObject? labels) =>
        selector.All(pair => labels is not null && labels.TryGetPropertyValue(pair.Key, out var value) && (string?)value == (string?)pair.Value);

    /// <summary><c>podToEndpoint</c>: the pod's IP, conditions, node and a reference to it.</summary>
    private static JsonObject Endpoint(JsonObject pod, bool publishNotReady)
    {
        var conditions = EndpointRules.Conditions(pod, publishNotReady);
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray((string?)pod["status"]?["podIP"]),
            ["conditions"] = new JsonObject
            {
                ["ready"] = conditions.Ready,
                ["serving"] = conditions.Serving,
                ["terminating"] = conditions.Terminating,
            },
        };
        if ((string?)pod["spec"]?["nodeName"] is { Length: > 0 } node)
        {
            endpoint["nodeName"] = node;
        }

        endpoint["targetRef"] = new JsonObject
        {
            ["kind"] = "Pod",
            ["namespace"] = pod["metadata"]?["namespace"]?.DeepClone(),
            ["name"] = pod["metadata"]?["name"]?.DeepClone(),
            ["uid"] = pod["metadata"]?["uid"]?.DeepClone(),
        };
        return endpoint;
    }
}
