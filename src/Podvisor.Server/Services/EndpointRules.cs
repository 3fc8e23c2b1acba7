using System.Text.Json.Nodes;

namespace Podvisor.Server.Services;

/// <summary>
/// The endpointslice controller's per-pod rules, as upstream's staging/src/k8s.io/endpointslice/utils.go
/// (<c>podToEndpoint</c>, <c>getEndpointPorts</c>) and pkg/api/v1/pod <c>FindPort</c>, on the stored JSON.
/// </summary>
internal static class EndpointRules
{
    /// <summary>
    /// <c>ShouldPodBeInEndpoints(pod, includeTerminating: true)</c>: a pod that has finished (Succeeded or Failed) or has
    /// no IP yet is left out; a terminating pod stays, marked <c>terminating</c>.
    /// </summary>
    public static bool Included(JsonObject pod)
    {
        var phase = (string?)pod["status"]?["phase"];
        if (phase is "Succeeded" or "Failed")
        {
            return false;
        }

        return !string.IsNullOrEmpty((string?)pod["status"]?["podIP"]);
    }

    /// <summary>
    /// <c>serving</c> is the pod's Ready condition; <c>terminating</c> is a set <c>deletionTimestamp</c>; <c>ready</c> is
    /// serving and not terminating, unless the Service publishes not-ready addresses (then always true).
    /// </summary>
    public static EndpointConditions Conditions(JsonObject pod, bool publishNotReadyAddresses)
    {
        var serving = IsReady(pod);
        var terminating = pod["metadata"]?["deletionTimestamp"] is not null;
        var ready = publishNotReadyAddresses || (serving && !terminating);
        return new EndpointConditions(ready, serving, terminating);
    }

    /// <summary>The pod's <c>Ready</c> condition is <c>True</c> (<c>podutil.IsPodReady</c>).</summary>
    public static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True");

    /// <summary>
    /// The Service's ports resolved against this pod (<c>getEndpointPorts</c>): a numeric <c>targetPort</c> as is, a named one
    /// from the container port of that name and protocol; a name the pod does not have drops that port for this pod.
    /// </summary>
    public static IReadOnlyList<EndpointPort> Ports(JsonArray? servicePorts, JsonObject pod)
    {
        var resolved = new List<EndpointPort>();
        foreach (var port in (servicePorts ?? []).OfType<JsonObject>())
        {
            var name = (string?)port["name"] ?? string.Empty;
            var protocol = (string?)port["protocol"] ?? "TCP";
            if (FindPort(pod, port["targetPort"] ?? port["port"], protocol) is { } number)
            {
                resolved.Add(new EndpointPort(name, number, protocol));
            }
        }

        return resolved;
    }

    /// <summary><c>FindPort</c>: a number is the port; a name is looked up in every container's ports with the same protocol.</summary>
    public static int? FindPort(JsonObject pod, JsonNode? targetPort, string protocol)
    {
        if (targetPort is JsonValue value && value.TryGetValue<string>(out var name))
        {
            if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var digits))
            {
                return digits;
            }

            foreach (var container in (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var p in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if ((string?)p["name"] == name && ((string?)p["protocol"] ?? "TCP") == protocol && Number(p["containerPort"]) is { } number)
                    {
                        return number;
                    }
                }
            }

            return null;
        }

        return Number(targetPort);
    }

    /// <summary>A JSON integer however it was built (parsed text or a value set in code).</summary>
    public static int? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && int.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
