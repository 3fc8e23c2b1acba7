using System.Text;

namespace Podvisor.Engine.Hooks;

/// <summary>Keeps the start of a text within a byte budget of UTF-8, never splitting a character.</summary>
internal static class CappedText
{
    public static (string Text, bool Truncated) Cap(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) < maxBytes)
        {
            return (text, false);
        }

        // At the cap counts as truncated: a runtime that already cut the output at the same limit says no more.
        var kept = 0;
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (kept + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            kept += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }

        return (text[..length], true);
    }

    public static (string Text, bool Truncated) Decode(ReadOnlySpan<byte> bytes, int maxBytes)
    {
        var truncated = bytes.Length > maxBytes;
        var text = Encoding.UTF8.GetString(truncated ? bytes[..maxBytes] : bytes);
        return (text, truncated);
    }
}
