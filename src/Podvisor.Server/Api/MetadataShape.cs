using System.Text.Json;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// Refuses a body whose <c>metadata</c> fields have the wrong JSON type (<c>"name": 1</c>) with the 400 the
/// apiserver's decoder gives, before any code reads them as strings.
/// </summary>
internal static class MetadataShape
{
    private static readonly string[] Strings = ["name", "namespace", "generateName", "resourceVersion", "uid"];

    public static void Check(JsonObject body, string apiVersion, string kind)
    {
        var prefix = $"{kind} in version \"{apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..]}\" cannot be handled as a {kind}: ";
        if (body["metadata"] is null)
        {
            return;
        }

        if (body["metadata"] is not JsonObject metadata)
        {
            throw ApiStatus.BadRequest(prefix + $"json: cannot unmarshal {JsonType(body["metadata"])} into Go struct field {kind}.metadata of type v1.ObjectMeta");
        }

        foreach (var field in Strings)
        {
            if (metadata[field] is { } value && value.GetValueKind() != JsonValueKind.String)
            {
                throw ApiStatus.BadRequest(prefix + $"json: cannot unmarshal {JsonType(value)} into Go struct field ObjectMeta.metadata.{field} of type string");
            }
        }

        foreach (var map in new[] { "labels", "annotations" })
        {
            if (metadata[map] is JsonObject entries && entries.FirstOrDefault(e => e.Value is not null && e.Value.GetValueKind() != JsonValueKind.String) is { Value: { } bad })
            {
                throw ApiStatus.BadRequest(prefix + $"json: cannot unmarshal {JsonType(bad)} into Go struct field ObjectMeta.metadata.{map} of type string");
            }
        }

        if (metadata["finalizers"] is JsonArray finalizers && finalizers.FirstOrDefault(f => f is null || f.GetValueKind() != JsonValueKind.String) is { } badFinalizer)
        {
            throw ApiStatus.BadRequest(prefix + $"json: cannot unmarshal {JsonType(badFinalizer)} into Go struct field ObjectMeta.metadata.finalizers of type string");
        }
    }

    /// <summary>Go's encoding/json names for the JSON kind it met.</summary>
    private static string JsonType(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}
