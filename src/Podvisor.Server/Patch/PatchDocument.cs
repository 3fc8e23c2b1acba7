using System.Text.Json;
using System.Text.Json.Nodes;
using Podvisor.Server.Api;

namespace Podvisor.Server.Patch;

/// <summary>A PATCH body of one of the three client patch types, as a change to apply to the current object.</summary>
internal static class PatchDocument
{
    public static readonly string[] Types = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    public static Func<JsonObject, JsonObject> Parse(string? contentTypeHeader, string body)
    {
        var contentType = (contentTypeHeader ?? string.Empty).Split(';')[0].Trim();
        if (!Types.Contains(contentType))
        {
            throw ApiStatus.UnsupportedMediaType(contentType, Types);
        }

        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest($"error decoding patch: {e.Message}");
        }

        return contentType switch
        {
            "application/json-patch+json" => current => JsonPatch.Apply(current, patch as JsonArray ?? throw ApiStatus.BadRequest("json patch must be an array")) as JsonObject
                ?? throw ApiStatus.BadRequest("the patched object is not a JSON object"),
            "application/merge-patch+json" => current => JsonMergePatch.Apply(current, patch) as JsonObject
                ?? throw ApiStatus.BadRequest("the patched object is not a JSON object"),
            _ => current => StrategicMergePatch.Apply(current, patch as JsonObject ?? throw ApiStatus.BadRequest("strategic merge patch must be a JSON object")),
        };
    }
}
