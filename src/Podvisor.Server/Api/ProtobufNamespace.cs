using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// Reads the one protobuf body kubectl sends us: <c>kubectl create namespace</c> posts a Namespace with
/// <c>application/vnd.kubernetes.protobuf</c> (its typed client prefers protobuf for built-in kinds). The
/// envelope is <c>k8s\0</c> + <c>runtime.Unknown</c>{typeMeta=1, raw=2}; the Namespace keeps its metadata in
/// field 1, where ObjectMeta has name=1, generateName=2, labels=11, annotations=12 (k8s.io/api generated.proto).
/// </summary>
internal static class ProtobufNamespace
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw ApiStatus.BadRequest("the protobuf body does not start with the k8s envelope");
        }

        var unknown = Fields(body.AsMemory(Magic.Length));
        var raw = unknown.FirstOrDefault(f => f.Number == 2).Value;
        var metadata = Fields(Fields(raw).FirstOrDefault(f => f.Number == 1).Value);
        var result = new JsonObject();
        var meta = new JsonObject();
        foreach (var (number, value) in metadata)
        {
            switch (number)
            {
                case 1:
                    meta["name"] = Encoding.UTF8.GetString(value.Span);
                    break;
                case 2:
                    meta["generateName"] = Encoding.UTF8.GetString(value.Span);
                    break;
                case 11 or 12:
                    var map = (meta[number == 11 ? "labels" : "annotations"] ??= new JsonObject()).AsObject();
                    var entry = Fields(value);
                    map[Text(entry, 1)] = Text(entry, 2);
                    break;
            }
        }

        result["metadata"] = meta;
        return result;
    }

    private static string Text(List<(int Number, ReadOnlyMemory<byte> Value)> fields, int number) =>
        Encoding.UTF8.GetString(fields.FirstOrDefault(f => f.Number == number).Value.Span);

    /// <summary>The fields of a message by number, with their bytes (a varint's are empty; no field read here is one).</summary>
    private static List<(int Number, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message) =>
        [.. ProtobufFields.Read(message).Select(field => (field.Number, field.Bytes))];
}
