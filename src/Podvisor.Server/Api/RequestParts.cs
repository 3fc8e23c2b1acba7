using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Podvisor.Server.Api;

/// <summary>
/// What every resource's routes read from a request: the path's namespace and name, and a body that is JSON, or
/// protobuf where kubectl's typed clients send it (they do for built-in kinds), with its type defaulted from the path
/// as the apiserver does.
/// </summary>
internal static class RequestParts
{
    public static string Ns(HttpContext context) => (string)context.Request.RouteValues["ns"]!;

    public static string Name(HttpContext context) => (string)context.Request.RouteValues["name"]!;

    /// <summary>Whether the body is Kubernetes protobuf (<c>application/vnd.kubernetes.protobuf</c>).</summary>
    public static bool IsProtobuf(HttpContext context) =>
        context.Request.ContentType?.StartsWith(ProtobufNamespace.ContentType, StringComparison.Ordinal) == true;

    public static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>
    /// The body as a JSON object (decoded by <paramref name="protobuf"/> when it is protobuf and the kind takes it), with
    /// <c>apiVersion</c>/<c>kind</c> defaulted from the path and the metadata's shape checked.
    /// </summary>
    public static async Task<JsonObject> ReadTypedObjectAsync(HttpContext context, string apiVersion, string kind, Func<byte[], JsonObject>? protobuf = null)
    {
        var body = protobuf is not null && IsProtobuf(context)
            ? protobuf(await ReadBytesAsync(context).ConfigureAwait(false))
            : await HttpJson.ReadObjectAsync(context).ConfigureAwait(false) ?? throw ApiStatus.BadRequest("empty body");
        body["apiVersion"] ??= apiVersion;
        body["kind"] ??= kind;
        MetadataShape.Check(body, apiVersion, kind);
        return body;
    }
}
