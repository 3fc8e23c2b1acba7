using System.Net;
using System.Text.Json.Nodes;
using Podvisor.Server.Proxy;
using Podvisor.Server.Store;

namespace Podvisor.Server.Services;

/// <summary>
/// What kube-proxy would program for the stored Services and EndpointSlices, as proxy rules: each TCP port of a
/// Service with a cluster IP listens on <c>clusterIP:port</c>, and also on <c>127.0.0.1:nodePort</c> when it has a
/// node port; its endpoints are the addresses of the <c>ready</c> endpoints of the Service's slices, at the port
/// the slice resolved for that Service port's name. Pods here share the host's network, so their address is the
/// host's loopback (<c>status.podIP</c> is 127.0.0.1) and an endpoint is 127.0.0.1:targetPort.
/// </summary>
internal static class ProxyRules
{
    public static IReadOnlyList<ProxyRule> From(IEnumerable<JsonObject> services, IReadOnlyList<JsonObject> slices)
    {
        var rules = new Dictionary<IPEndPoint, ProxyRule>();
        foreach (var service in services)
        {
            var spec = service["spec"] as JsonObject ?? [];
            if ((string?)spec["clusterIP"] is not { } ip || !IPAddress.TryParse(ip, out var clusterIp))
            {
                continue;
            }

            var ns = ObjectMetadata.Namespace(service);
            var name = ObjectMetadata.Name(service);
            var mine = slices.Where(s => ObjectMetadata.Namespace(s) == ns && (string?)ObjectMetadata.Of(s)["labels"]?[ServiceKinds.ServiceNameLabel] == name).ToList();
            foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (((string?)port["protocol"] ?? "TCP") != "TCP" || EndpointRules.Number(port["port"]) is not { } number)
                {
                    continue;
                }

                var backends = Backends(mine, (string?)port["name"] ?? string.Empty);
                Add(rules, new ProxyRule(new IPEndPoint(clusterIp, number), backends));
                if (EndpointRules.Number(port["nodePort"]) is { } nodePort and > 0)
                {
                    Add(rules, new ProxyRule(new IPEndPoint(IPAddress.Loopback, nodePort), backends));
                }
            }
        }

        return [.. rules.Values];
    }

    /// <summary>The ready endpoints' addresses at the port their slice gives the Service port of that name.</summary>
    public static IReadOnlyList<IPEndPoint> Backends(IEnumerable<JsonObject> slices, string portName)
    {
        var backends = new List<IPEndPoint>();
        foreach (var slice in slices)
        {
            var port = (slice["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(p => ((string?)p["name"] ?? string.Empty) == portName);
            if (port is null || EndpointRules.Number(port["port"]) is not { } number)
            {
                continue;
            }

            foreach (var endpoint in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if ((bool?)endpoint["conditions"]?["ready"] != true)
                {
                    continue;
                }

                foreach (var address in (endpoint["addresses"] as JsonArray ?? []).Select(a => (string?)a))
                {
                    if (IPAddress.TryParse(address, out var parsed) && !backends.Contains(new IPEndPoint(parsed, number)))
                    {
                        backends.Add(new IPEndPoint(parsed, number));
                    }
                }
            }
        }

        return backends;
    }

    private static void Add(Dictionary<IPEndPoint, ProxyRule> rules, ProxyRule rule) => rules.TryAdd(rule.Frontend, rule);
}
