using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Config;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>
/// The ConfigMap and Secret registry strategies (pkg/registry/core/configmap/strategy.go, secret/strategy.go): on every
/// create and update the Secret's <c>stringData</c> is merged into <c>data</c> and its <c>type</c> defaults to
/// <c>Opaque</c>; then the object is validated as the apiserver does, and on update the immutable rules apply.
/// </summary>
internal static class ConfigObjectRules
{
    /// <summary>Returns the object to store, or throws the apiserver's 400/422.</summary>
    /// <param name="old">The stored object, for an update.</param>
    public static JsonObject Prepare(ResourceKind kind, JsonObject body, JsonObject? old)
    {
        if (kind == ResourceKind.Secrets)
        {
            var secret = Decode<V1Secret>(kind, body);
            SecretStringData.Merge(secret);
            body.Remove("stringData");
            body["data"] = secret.Data is { Count: > 0 } data
                ? new JsonObject(data.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(Convert.ToBase64String(p.Value ?? [])))))
                : null;
            if (body["data"] is null)
            {
                body.Remove("data");
            }

            if (string.IsNullOrEmpty((string?)body["type"]))
            {
                body["type"] = "Opaque";
            }

            var errors = new List<FieldError>();
            if (old is not null)
            {
                var oldType = (string?)old["type"] ?? "Opaque";
                if ((string?)body["type"] != oldType)
                {
                    errors.Add(FieldError.Invalid("type", (string?)body["type"], "field is immutable"));
                }

                Immutable(body, old, ["data"], errors);
            }

            errors.AddRange(ConfigObjectValidator.Validate(secret));
            Throw(kind, body, errors);
        }
        else
        {
            var configMap = Decode<V1ConfigMap>(kind, body);
            var errors = new List<FieldError>();
            if (old is not null)
            {
                Immutable(body, old, ["data", "binaryData"], errors);
            }

            errors.AddRange(ConfigObjectValidator.Validate(configMap));
            Throw(kind, body, errors);
        }

        return body;
    }

    /// <summary>ValidateConfigMapUpdate / ValidateSecretUpdate: once <c>immutable: true</c> is stored, the flag and the data stay.</summary>
    private static void Immutable(JsonObject body, JsonObject old, string[] fields, List<FieldError> errors)
    {
        if ((bool?)old["immutable"] != true)
        {
            return;
        }

        const string Message = "field is immutable when `immutable` is set";
        if ((bool?)body["immutable"] != true)
        {
            errors.Add(FieldError.Forbidden("immutable", Message));
        }

        foreach (var field in fields)
        {
            if (!JsonNode.DeepEquals(Empty(body[field]), Empty(old[field])))
            {
                errors.Add(FieldError.Forbidden(field, Message));
            }
        }
    }

    private static JsonNode? Empty(JsonNode? map) => map is JsonObject { Count: 0 } ? null : map;

    private static T Decode<T>(ResourceKind kind, JsonObject body)
    {
        try
        {
            return ModelSerializer.Deserialize<T>(body.ToJsonString());
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            // Bad base64 in data/binaryData: the decoder's words after the apiserver's prefix.
            throw ApiStatus.BadRequest($"{kind.Kind} in version \"v1\" cannot be handled as a {kind.Kind}: {e.Message}");
        }
    }

    private static void Throw(ResourceKind kind, JsonObject body, List<FieldError> errors)
    {
        // A generateName create is validated under the name it is about to get; the name rule is then moot.
        if (ObjectMetadata.Name(body).Length == 0 && (string?)ObjectMetadata.Of(body)["generateName"] is { Length: > 0 })
        {
            errors.RemoveAll(e => e.Field == "metadata.name");
        }

        if (errors.Count > 0)
        {
            throw ApiStatus.Invalid(kind.Kind, ObjectMetadata.Name(body), errors);
        }
    }
}
