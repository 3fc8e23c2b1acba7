using System.Globalization;
using System.Text.Json.Nodes;

namespace Podvisor.Cli.Workloads;

/// <summary>
/// Where this machine's Service proxy listens for a Service (docs/services.md §3): <c>clusterIP:port</c> for each TCP
/// port, and <c>127.0.0.1:nodePort</c> when the port has a node port. Headless and ExternalName Services have none.
/// </summary>
internal static class ServiceAddresses
{
    public static IReadOnlyList<string> Of(JsonObject service)
    {
        var spec = service["spec"] as JsonObject ?? [];
        if ((string?)spec["clusterIP"] is not { Length: > 0 } ip || ip == "None")
        {
            return [];
        }

        var addresses = new List<string>();
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (((string?)port["protocol"] ?? "TCP") != "TCP" || Number(port["port"]) is not { } number)
            {
                continue;
            }

            addresses.Add($"{ip}:{number.ToString(CultureInfo.InvariantCulture)}");
            if (Number(port["nodePort"]) is { } nodePort and > 0)
            {
                addresses.Add($"127.0.0.1:{nodePort.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return addresses;
    }

    private static int? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
