using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Controllers.Deployments;

/// <summary>
/// The <c>pod-template-hash</c> label value, shaped as upstream's <c>controller.ComputeHash</c>
/// (pkg/controller/controller_utils.go): FNV-1a 32-bit over the template, then the collision count as four
/// little-endian bytes, and the decimal sum rendered through <c>rand.SafeEncodeString</c>
/// (staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go), so a value has upstream's alphabet and length.
/// Upstream hashes Go's spew dump of the struct; here the input is the template's JSON with sorted keys, so the
/// values differ from a cluster's for the same template (stable across restarts all the same).
/// </summary>
internal static class TemplateHash
{
    /// <summary>The safe-encoding alphabet: no vowels, no look-alike characters.</summary>
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(JsonNode? template, int? collisionCount)
    {
        var canonical = Canonical(template);
        var hash = Fnv1a32(Encoding.UTF8.GetBytes(canonical), 2166136261u);
        if (collisionCount is { } count)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            hash = Fnv1a32(bytes, hash);
        }

        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary><c>SafeEncodeString</c>: each byte maps to <c>alphabet[byte % len]</c>.</summary>
    public static string SafeEncode(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[source[i] % Alphabet.Length];
        }
    });

    public static uint Fnv1a32(ReadOnlySpan<byte> data, uint state)
    {
        foreach (var b in data)
        {
            state ^= b;
            state = unchecked(state * 16777619u);
        }

        return state;
    }

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonValue.Create(p.Key).ToJsonString() + ":" + Canonical(p.Value))) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
