using System.Text.Json.Nodes;

namespace Podvisor.Server.Services;

/// <summary>What one EndpointSlice of a Service holds: its ports (shared by every endpoint in it) and its endpoints.</summary>
internal sealed record SliceContent(JsonArray Ports, JsonArray Endpoints)
{
    /// <summary>The slice's port set as text, to match a stored slice with the content meant for it.</summary>
    public string Key => PortsKey(Ports);

    public static string PortsKey(JsonArray? ports) =>
        string.Join(";", (ports ?? []).OfType<JsonObject>().Select(p => $"{(string?)p["name"]}/{(string?)p["protocol"]}/{EndpointRules.Number(p["port"])}"));
}
