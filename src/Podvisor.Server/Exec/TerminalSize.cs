using System.Text.Json;

namespace Podvisor.Server.Exec;

/// <summary>
/// A resize message of the exec and attach channel protocol (channel 4): client-go's <c>remotecommand.TerminalSize</c>
/// as JSON, <c>{"Width":120,"Height":40}</c> (columns and rows; Go's field names, matched case-insensitively as Go's
/// decoder does). Anything else is ignored, as the kubelet's streaming server logs and drops a size it cannot decode.
/// </summary>
internal static class TerminalSize
{
    public static (ushort Width, ushort Height)? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            ushort? width = null, height = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetUInt16(out var value))
                {
                    if (property.Name.Equals("Width", StringComparison.OrdinalIgnoreCase))
                    {
                        width = value;
                    }
                    else if (property.Name.Equals("Height", StringComparison.OrdinalIgnoreCase))
                    {
                        height = value;
                    }
                }
            }

            return width is { } w && height is { } h ? (w, h) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
