using System.Globalization;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Store;

/// <summary>Reads and writes the <c>metadata</c> fields the store owns, on JSON objects.</summary>
internal static class ObjectMetadata
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string Name(JsonObject obj) => (string?)Of(obj)["name"] ?? string.Empty;

    public static string Namespace(JsonObject obj) => (string?)Of(obj)["namespace"] ?? string.Empty;

    public static string? Uid(JsonObject obj) => (string?)Of(obj)["uid"];

    public static long? ResourceVersion(JsonObject obj) =>
        Of(obj)["resourceVersion"] is JsonValue value && long.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : null;

    /// <summary>metav1.Time: RFC 3339 at second precision, UTC.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTimestamp(JsonNode? node) =>
        node is JsonValue value && (string?)value is { } text &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
