using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Api;

/// <summary>
/// Fills a JSON body's missing <c>apiVersion</c>/<c>kind</c> from the request path, as the apiserver's decoder
/// does with the endpoint's default GroupVersionKind (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go
/// decodes with <c>scope.Kind</c> as the default). The body's text is kept as sent, so strict decoding still
/// sees every field (and every duplicate) the client wrote; YAML and malformed bodies pass through unchanged.
/// </summary>
internal static class TypeMetaDefaults
{
    public static string Apply(string body, string apiVersion, string kind)
    {
        var (hasApiVersion, hasKind, brace) = Scan(body);
        if (brace < 0 || (hasApiVersion && hasKind))
        {
            return body;
        }

        var prefix = new StringBuilder();
        if (!hasApiVersion)
        {
            prefix.Append("\"apiVersion\":").Append(JsonValue.Create(apiVersion).ToJsonString()).Append(',');
        }

        if (!hasKind)
        {
            prefix.Append("\"kind\":").Append(JsonValue.Create(kind).ToJsonString()).Append(',');
        }

        // An empty object gets no trailing comma.
        var rest = body[(brace + 1)..];
        if (rest.TrimStart().StartsWith('}'))
        {
            prefix.Length--;
        }

        return body[..(brace + 1)] + prefix + rest;
    }

    /// <returns>Whether the top-level object names each field, and the index of its opening brace (-1: not a JSON object).</returns>
    private static (bool ApiVersion, bool Kind, int Brace) Scan(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{')
        {
            return (false, false, -1);
        }

        var brace = body.Length - trimmed.Length;
        var hasApiVersion = false;
        var hasKind = false;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    hasApiVersion |= reader.ValueTextEquals("apiVersion");
                    hasKind |= reader.ValueTextEquals("kind");
                }

                if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: leave it to the decoder, which reports it with its own words.
            return (false, false, -1);
        }

        return (hasApiVersion, hasKind, brace);
    }
}
