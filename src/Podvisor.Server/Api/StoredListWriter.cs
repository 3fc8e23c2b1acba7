using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// Writes a list answer whose items are the stored JSON texts themselves: the list's own fields are serialized as
/// for any list, and each item's text goes out as stored, with no parse and re-serialization per item. The bytes are
/// those of serializing the parsed items (the store wrote each text with the same serializer, and a parse keeps
/// property order and number text), so clients see no difference; a 1000-pod list skips 1000 tree copies.
/// </summary>
internal static class StoredListWriter
{
    /// <summary>How much of the answer is buffered before it is sent.</summary>
    private const int FlushThreshold = 64 * 1024;

    private static readonly byte[] Comma = ","u8.ToArray();

    /// <param name="list">The list object without items (<c>"items": []</c>), with its metadata set.</param>
    public static async Task WriteAsync(HttpContext context, JsonObject list, IReadOnlyList<StoredRow> items)
    {
        var head = list.ToJsonString();
        const string emptyItems = "[]}";
        if (!head.EndsWith(emptyItems, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("a stored list's items must be its last field, and empty");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var body = context.Response.BodyWriter;
        var pending = Write(body, head[..^2]);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(Comma);
                pending++;
            }

            pending += Write(body, items[i].Json);
            if (pending >= FlushThreshold)
            {
                pending = 0;
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }

        Write(body, emptyItems[1..]);
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static int Write(IBufferWriter<byte> body, string text)
    {
        var span = body.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        body.Advance(written);
        return written;
    }
}
