using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// A minimal <c>/openapi/v2</c>: kubectl's client-side validation fetches it (as the gnostic protobuf document,
/// client-go discovery's <c>OpenAPISchema</c>) for kinds it does not find in OpenAPI v3, such as <c>kind: List</c>
/// files, and fails the apply on a 404. With no definitions kubectl skips schema checks for the items (it
/// validates only what the document describes); the server validates them anyway.
/// </summary>
internal static class OpenApiV2
{
    public const string ProtobufContentType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    public static JsonObject Json() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.Version()["gitVersion"]!.DeepClone() },
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject(),
    };

    /// <summary>The same document as gnostic's <c>openapi_v2.Document</c>: swagger (field 1) and info (field 2: title 1, version 2).</summary>
    public static byte[] Protobuf()
    {
        var info = Concat(Field(1, "Kubernetes"), Field(2, (string)Discovery.Version()["gitVersion"]!));
        return Concat(Field(1, "2.0"), Field(2, info));
    }

    private static byte[] Field(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    /// <summary>A length-delimited field (wire type 2); every length here fits one varint byte.</summary>
    private static byte[] Field(int number, byte[] value) => [(byte)((number << 3) | 2), (byte)value.Length, .. value];

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
