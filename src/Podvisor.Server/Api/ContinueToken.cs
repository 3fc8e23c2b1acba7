using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// A paged list's <c>continue</c> token, shaped as upstream's (staging/src/k8s.io/apiserver/pkg/storage/continue.go):
/// base64url (no padding) of <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>, where N is the first
/// page's resourceVersion (every page is read at it) and key the last returned object's key.
/// </summary>
internal sealed record ContinueToken(long ResourceVersion, string Start)
{
    private const string Version = "meta.k8s.io/v1";

    public string Encode()
    {
        var json = new JsonObject { ["v"] = Version, ["rv"] = ResourceVersion, ["start"] = Start }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    /// <exception cref="ApiException">400 for a token this server did not write.</exception>
    public static ContinueToken Decode(string token)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(Base64Url.DecodeFromChars(token)) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw Invalid(e.Message);
        }

        if (json is null || (string?)json["v"] != Version)
        {
            throw Invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }

        if (json["rv"] is not JsonValue rvValue || !rvValue.TryGetValue<long>(out var rv) || rv <= 0)
        {
            throw Invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }

        if (json["start"] is not JsonValue startValue || !startValue.TryGetValue<string>(out var start) || start.Length == 0)
        {
            throw Invalid("encoded start key empty");
        }

        return new ContinueToken(rv, start);
    }

    private static ApiException Invalid(string detail) => ApiStatus.BadRequest($"invalid continue token: continue key is not valid: {detail}");
}
