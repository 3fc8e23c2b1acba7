using System.Text.Json.Nodes;

namespace Podvisor.Server.Store;

/// <summary>A consistent list: the objects and the resourceVersion they were read at.</summary>
internal sealed record StoreList(IReadOnlyList<JsonObject> Items, long ResourceVersion);
