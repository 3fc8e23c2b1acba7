namespace Podvisor.Server.Api;

/// <summary>A minimal protobuf wire reader: the fields of one message, length-delimited ones as bytes, varints as values.</summary>
internal static class ProtobufFields
{
    public static List<ProtobufField> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtobufField>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var tag = Varint(span, ref at);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    fields.Add(new ProtobufField(number, Varint(span, ref at), ReadOnlyMemory<byte>.Empty));
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    var length = (long)Varint(span, ref at);
                    if (length < 0 || at + length > span.Length)
                    {
                        throw ApiStatus.BadRequest("truncated protobuf body");
                    }

                    fields.Add(new ProtobufField(number, 0, message.Slice(at, (int)length)));
                    at += (int)length;
                    break;
                default:
                    throw ApiStatus.BadRequest("unsupported protobuf wire type");
            }
        }

        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64 && at < span.Length; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw ApiStatus.BadRequest("malformed protobuf varint");
    }
}
