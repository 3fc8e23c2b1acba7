using System.Text.Json.Nodes;

namespace Podvisor.Server.Store;

/// <summary>One stored object as its row holds it: the key columns and the JSON text the store wrote.</summary>
/// <param name="Namespace">Empty for a cluster-scoped kind.</param>
internal sealed record StoredRow(string Namespace, string Name, string Json)
{
    /// <summary>A private parsed copy (every call parses anew: the caller may change it).</summary>
    public JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();
}
