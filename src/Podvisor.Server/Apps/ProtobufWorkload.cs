using System.Text;
using System.Text.Json.Nodes;
using Podvisor.Server.Api;

namespace Podvisor.Server.Apps;

/// <summary>
/// Reads the protobuf Deployment that <c>kubectl create deployment</c> posts (its typed client prefers
/// <c>application/vnd.kubernetes.protobuf</c> for built-in kinds): the <c>k8s\0</c> + <c>runtime.Unknown</c> envelope,
/// then the fields that command can set, by the field numbers of k8s.io/api apps/v1 and core/v1
/// <c>generated.proto</c>. Fields outside this schema are skipped; the result is decoded and validated as JSON is.
/// </summary>
internal static class ProtobufWorkload
{
    private enum Wire
    {
        Text,
        Number,
        Flag,
        Map,
        TextList,
        Message,
        MessageList,
        IntOrString,
    }

    /// <param name="OmitZero">A non-pointer Go field: zero means unset.</param>
    private sealed record Field(string Name, Wire Type, Dictionary<int, Field>? Schema = null, bool OmitZero = false);

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly Dictionary<int, Field> ObjectMeta = new()
    {
        [1] = new("name", Wire.Text),
        [2] = new("generateName", Wire.Text),
        [3] = new("namespace", Wire.Text),
        [11] = new("labels", Wire.Map),
        [12] = new("annotations", Wire.Map),
    };

    private static readonly Dictionary<int, Field> Container = new()
    {
        [1] = new("name", Wire.Text),
        [2] = new("image", Wire.Text),
        [3] = new("command", Wire.TextList),
        [4] = new("args", Wire.TextList),
        [5] = new("workingDir", Wire.Text),
        [6] = new("ports", Wire.MessageList, new() { [1] = new("name", Wire.Text), [2] = new("hostPort", Wire.Number, OmitZero: true), [3] = new("containerPort", Wire.Number), [4] = new("protocol", Wire.Text) }),
        [7] = new("env", Wire.MessageList, new() { [1] = new("name", Wire.Text), [2] = new("value", Wire.Text) }),
        [14] = new("imagePullPolicy", Wire.Text),
    };

    private static readonly Dictionary<int, Field> Deployment = new()
    {
        [1] = new("metadata", Wire.Message, ObjectMeta),
        [2] = new("spec", Wire.Message, new()
        {
            [1] = new("replicas", Wire.Number),
            [2] = new("selector", Wire.Message, new()
            {
                [1] = new("matchLabels", Wire.Map),
                [2] = new("matchExpressions", Wire.MessageList, new() { [1] = new("key", Wire.Text), [2] = new("operator", Wire.Text), [3] = new("values", Wire.TextList) }),
            }),
            [3] = new("template", Wire.Message, new()
            {
                [1] = new("metadata", Wire.Message, ObjectMeta),
                [2] = new("spec", Wire.Message, new()
                {
                    [2] = new("containers", Wire.MessageList, Container),
                    [3] = new("restartPolicy", Wire.Text),
                    [4] = new("terminationGracePeriodSeconds", Wire.Number),
                }),
            }),
            [4] = new("strategy", Wire.Message, new()
            {
                [1] = new("type", Wire.Text),
                [2] = new("rollingUpdate", Wire.Message, new() { [1] = new("maxUnavailable", Wire.IntOrString), [2] = new("maxSurge", Wire.IntOrString) }),
            }),
            [5] = new("minReadySeconds", Wire.Number, OmitZero: true),
            [6] = new("revisionHistoryLimit", Wire.Number),
            [7] = new("paused", Wire.Flag),
            [9] = new("progressDeadlineSeconds", Wire.Number),
        }),
    };

    /// <summary>A core/v1 Service as <c>kubectl create service</c> and <c>kubectl expose</c> post it (core/v1 <c>generated.proto</c>).</summary>
    private static readonly Dictionary<int, Field> Service = new()
    {
        [1] = new("metadata", Wire.Message, ObjectMeta),
        [2] = new("spec", Wire.Message, new()
        {
            [1] = new("ports", Wire.MessageList, new()
            {
                [1] = new("name", Wire.Text),
                [2] = new("protocol", Wire.Text),
                [3] = new("port", Wire.Number),
                [4] = new("targetPort", Wire.IntOrString),
                [5] = new("nodePort", Wire.Number, OmitZero: true),
                [6] = new("appProtocol", Wire.Text),
            }),
            [2] = new("selector", Wire.Map),
            [3] = new("clusterIP", Wire.Text),
            [4] = new("type", Wire.Text),
            [5] = new("externalIPs", Wire.TextList),
            [7] = new("sessionAffinity", Wire.Text),
            [8] = new("loadBalancerIP", Wire.Text),
            [10] = new("externalName", Wire.Text),
            [11] = new("externalTrafficPolicy", Wire.Text),
            [13] = new("publishNotReadyAddresses", Wire.Flag),
        }),
    };

    public static JsonObject DecodeService(byte[] body)
    {
        var result = Message(Envelope(body), Service);
        result["apiVersion"] = "v1";
        result["kind"] = "Service";
        return result;
    }

    private static ReadOnlyMemory<byte> Envelope(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw ApiStatus.BadRequest("the protobuf body does not start with the k8s envelope");
        }

        return Read(body.AsMemory(Magic.Length)).FirstOrDefault(f => f.Number == 2).Bytes;
    }

    public static JsonObject DecodeDeployment(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw ApiStatus.BadRequest("the protobuf body does not start with the k8s envelope");
        }

        var envelope = Read(body.AsMemory(Magic.Length));
        var raw = envelope.FirstOrDefault(f => f.Number == 2).Bytes;
        var result = Message(raw, Deployment);
        result["apiVersion"] = AppsGroup.ApiVersion;
        result["kind"] = "Deployment";
        return result;
    }

    private static JsonObject Message(ReadOnlyMemory<byte> bytes, Dictionary<int, Field> schema)
    {
        var obj = new JsonObject();
        foreach (var (number, value, data) in Read(bytes))
        {
            if (!schema.TryGetValue(number, out var field))
            {
                continue;
            }

            switch (field.Type)
            {
                // gogo-protobuf writes every non-pointer field, empty or zero too; Go's JSON omits those (omitempty).
                case Wire.Text when data.Length == 0:
                case Wire.Flag when value == 0:
                case Wire.Number when value == 0 && field.OmitZero:
                    break;
                case Wire.Text:
                    obj[field.Name] = Encoding.UTF8.GetString(data.Span);
                    break;
                case Wire.Number:
                    obj[field.Name] = (long)value;
                    break;
                case Wire.Flag:
                    obj[field.Name] = true;
                    break;
                case Wire.Map:
                    var entry = Read(data);
                    var map = (obj[field.Name] ??= new JsonObject()).AsObject();
                    map[Text(entry, 1)] = Text(entry, 2);
                    break;
                case Wire.TextList:
                    ((obj[field.Name] ??= new JsonArray()).AsArray()).Add((JsonNode?)Encoding.UTF8.GetString(data.Span));
                    break;
                case Wire.Message:
                    obj[field.Name] = Message(data, field.Schema!);
                    break;
                case Wire.MessageList:
                    ((obj[field.Name] ??= new JsonArray()).AsArray()).Add((JsonNode?)Message(data, field.Schema!));
                    break;
                case Wire.IntOrString:
                    var parts = Read(data);
                    var isString = parts.FirstOrDefault(p => p.Number == 1).Value == 1;
                    obj[field.Name] = isString ? JsonValue.Create(Text(parts, 3)) : JsonValue.Create((long)parts.FirstOrDefault(p => p.Number == 2).Value);
                    break;
            }
        }

        return obj;
    }

    private static string Text(List<(int Number, ulong Value, ReadOnlyMemory<byte> Bytes)> fields, int number) =>
        Encoding.UTF8.GetString(fields.FirstOrDefault(f => f.Number == number).Bytes.Span);

    /// <summary>Every field of a message: varints with their value, length-delimited ones with their bytes.</summary>
    private static List<(int Number, ulong Value, ReadOnlyMemory<byte> Bytes)> Read(ReadOnlyMemory<byte> message) =>
        [.. Api.ProtobufFields.Read(message).Select(field => (field.Number, field.Varint, field.Bytes))];
}
