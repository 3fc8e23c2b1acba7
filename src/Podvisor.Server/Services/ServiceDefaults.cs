using System.Text.Json.Nodes;

namespace Podvisor.Server.Services;

/// <summary>
/// The core/v1 scheme defaults of a Service (pkg/apis/core/v1/defaults.go <c>SetDefaults_Service</c>) on its JSON:
/// <c>type</c> ClusterIP, <c>sessionAffinity</c> None, each port's <c>protocol</c> TCP and <c>targetPort</c> its
/// <c>port</c>, the traffic policies Cluster, and <c>allocateLoadBalancerNodePorts</c> true for a LoadBalancer.
/// </summary>
internal static class ServiceDefaults
{
    public static void Apply(JsonObject service)
    {
        var spec = service["spec"] as JsonObject ?? [];
        service["spec"] = spec;
        spec["type"] = (string?)spec["type"] is { Length: > 0 } type ? type : "ClusterIP";
        spec["sessionAffinity"] = (string?)spec["sessionAffinity"] is { Length: > 0 } affinity ? affinity : "None";
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] = (string?)port["protocol"] is { Length: > 0 } protocol ? protocol : "TCP";
            if (port["targetPort"] is null || (port["targetPort"] is JsonValue t && (t.ToJsonString() is "0" or "\"\"")))
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }

        var kind = (string)spec["type"]!;
        if (kind != "ExternalName")
        {
            spec["internalTrafficPolicy"] = (string?)spec["internalTrafficPolicy"] is { Length: > 0 } itp ? itp : "Cluster";
        }

        if (kind is "NodePort" or "LoadBalancer")
        {
            spec["externalTrafficPolicy"] = (string?)spec["externalTrafficPolicy"] is { Length: > 0 } etp ? etp : "Cluster";
        }

        if (kind == "LoadBalancer")
        {
            spec["allocateLoadBalancerNodePorts"] ??= true;
        }
    }

    /// <summary>Whether the type gets node ports (<c>needsNodePort</c>).</summary>
    public static bool NeedsNodePorts(JsonObject spec) => (string?)spec["type"] is "NodePort" or "LoadBalancer";

    /// <summary>Whether the type gets a cluster IP: every type but ExternalName.</summary>
    public static bool NeedsClusterIp(JsonObject spec) => (string?)spec["type"] != "ExternalName";
}
