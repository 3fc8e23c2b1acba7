using System.Text;
using System.Text.Json;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Images.Credentials;

namespace Podvisor.Engine.Config;

/// <summary>
/// <c>ValidateSecret</c>'s checks of the registry-credential types (kubernetes/kubernetes
/// <c>pkg/apis/core/validation/validation.go</c>): a <c>kubernetes.io/dockerconfigjson</c> Secret needs
/// <c>.dockerconfigjson</c> and a <c>kubernetes.io/dockercfg</c> one <c>.dockercfg</c>, each well-formed JSON (an
/// object, as Go decodes it into a map). The JSON error is worded as Go's <c>encoding/json</c> words the common cases.
/// </summary>
internal static class SecretTypeRules
{
    private const string Redacted = "<secret contents redacted>";

    public static void Check(V1Secret secret, List<FieldError> errors)
    {
        var key = secret.Type switch
        {
            PullSecretKeyring.DockerConfigJsonType => PullSecretKeyring.DockerConfigJsonKey,
            PullSecretKeyring.DockercfgType => PullSecretKeyring.DockercfgKey,
            _ => null,
        };
        if (key is null)
        {
            return;
        }

        var path = $"data[{key}]";
        if (secret.Data is null || !secret.Data.TryGetValue(key, out var value))
        {
            errors.Add(FieldError.Required(path, string.Empty));
            return;
        }

        if (JsonObjectError(value ?? []) is { } error)
        {
            errors.Add(FieldError.Invalid(path, Redacted, error));
        }
    }

    /// <summary>Why <c>json.Unmarshal</c> into <c>map[string]interface{}</c> fails, or null when it succeeds.</summary>
    internal static string? JsonObjectError(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        if (text.Trim().Length == 0)
        {
            return "unexpected end of JSON input";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            // Go names what its scanner expected; podvisor words exactly the two errors configs hit most (truncated
            // input, a value that does not start like JSON) and, elsewhere, the character without Go's context.
            var trimmed = text.TrimEnd();
            var at = (int)Math.Min(ex.BytePositionInLine ?? 0, int.MaxValue);
            if (ex.LineNumber is 0 && at >= trimmed.Length)
            {
                return "unexpected end of JSON input";
            }

            var first = text.Length - text.TrimStart().Length;
            return ex.LineNumber is 0 && at == first
                ? $"invalid character '{text[first]}' looking for beginning of value"
                : $"invalid character in JSON at line {(ex.LineNumber ?? 0) + 1}, byte {at + 1}";
        }

        using (document)
        {
            var kind = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => "array",
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "bool",
                _ => null,
            };

            // null decodes into a map (it stays nil); every other non-object is a type error.
            return kind is null ? null : $"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}";
        }
    }
}
