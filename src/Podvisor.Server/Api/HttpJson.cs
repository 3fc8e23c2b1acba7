using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Podvisor.Server.Api;

/// <summary>Reading requests and writing JSON answers the way kubectl expects them.</summary>
internal static class HttpJson
{
    public const string TableMarker = "as=Table";

    public static async Task WriteAsync(HttpContext context, int code, JsonNode body, string contentType = "application/json")
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Sends each warning as a <c>Warning: 299 - "text"</c> header, which kubectl prints on stderr.</summary>
    public static void AddWarnings(HttpContext context, IEnumerable<string> warnings)
    {
        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }

    public static bool WantsTable(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a is not null && a.Contains(TableMarker, StringComparison.Ordinal) && a.Contains("g=meta.k8s.io", StringComparison.Ordinal));

    public static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <inheritdoc cref="QueryParameters.Flag"/>
    public static bool QueryFlag(HttpContext context, string name) => QueryParameters.Flag(context, name);

    public static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        if (context.Request.ContentType?.StartsWith("application/yaml", StringComparison.OrdinalIgnoreCase) == true)
        {
            return YamlBody.Parse(body);
        }

        try
        {
            var obj = JsonNode.Parse(body) as JsonObject ?? throw ApiStatus.BadRequest("the request body must be a JSON object");
            // JsonObject builds its property table lazily: a duplicate key surfaces here, not at a later read.
            _ = obj.Count;
            return obj;
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw ApiStatus.BadRequest($"couldn't decode the request body: {e.Message}");
        }
    }
}
