using System.Text;
using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// Reads the protobuf ConfigMap and Secret bodies that <c>kubectl create configmap</c> and <c>kubectl create secret</c>
/// post (their typed client prefers protobuf for built-in kinds). Envelope <c>k8s\0</c> + <c>runtime.Unknown</c>{raw=2};
/// field numbers from k8s.io/api core/v1 generated.proto: ConfigMap {metadata=1, data=2, binaryData=3, immutable=4},
/// Secret {metadata=1, data=2, type=3, stringData=4, immutable=5}, ObjectMeta {name=1, generateName=2, namespace=3,
/// labels=11, annotations=12}; a map entry is {key=1, value=2}.
/// </summary>
internal static class ProtobufConfigObject
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(ResourceKind kind, byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw ApiStatus.BadRequest("the protobuf body does not start with the k8s envelope");
        }

        var raw = ProtobufFields.Read(body.AsMemory(Magic.Length)).FirstOrDefault(f => f.Number == 2).Bytes;
        var result = new JsonObject { ["apiVersion"] = "v1", ["kind"] = kind.Kind };
        var secret = kind == ResourceKind.Secrets;
        foreach (var field in ProtobufFields.Read(raw))
        {
            switch (field.Number)
            {
                case 1:
                    result["metadata"] = Metadata(field.Bytes);
                    break;
                case 2:
                    Entry(result, "data", field.Bytes, base64: secret);
                    break;
                case 3 when secret && field.Bytes.Length > 0:
                    result["type"] = Encoding.UTF8.GetString(field.Bytes.Span);
                    break;
                case 3 when secret:
                    break;
                case 3:
                    Entry(result, "binaryData", field.Bytes, base64: true);
                    break;
                case 4 when secret:
                    Entry(result, "stringData", field.Bytes, base64: false);
                    break;
                case 4 or 5:
                    result["immutable"] = field.Varint != 0;
                    break;
            }
        }

        return result;
    }

    private static JsonObject Metadata(ReadOnlyMemory<byte> message)
    {
        var meta = new JsonObject();
        foreach (var field in ProtobufFields.Read(message))
        {
            switch (field.Number)
            {
                // gogo-protobuf writes every string field, set or not: an empty one means unset.
                case 1 or 2 or 3 when field.Bytes.Length > 0:
                    meta[field.Number switch { 1 => "name", 2 => "generateName", _ => "namespace" }] = Encoding.UTF8.GetString(field.Bytes.Span);
                    break;
                case 11:
                    Entry(meta, "labels", field.Bytes, base64: false);
                    break;
                case 12:
                    Entry(meta, "annotations", field.Bytes, base64: false);
                    break;
            }
        }

        return meta;
    }

    /// <summary>Adds one map entry; bytes values become base64 as JSON carries them.</summary>
    private static void Entry(JsonObject target, string map, ReadOnlyMemory<byte> entry, bool base64)
    {
        var fields = ProtobufFields.Read(entry);
        var key = Encoding.UTF8.GetString(fields.FirstOrDefault(f => f.Number == 1).Bytes.Span);
        var value = fields.FirstOrDefault(f => f.Number == 2).Bytes.Span;
        ((target[map] ??= new JsonObject()).AsObject())[key] = base64 ? Convert.ToBase64String(value) : Encoding.UTF8.GetString(value);
    }
}
