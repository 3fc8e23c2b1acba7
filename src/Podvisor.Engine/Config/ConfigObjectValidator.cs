using System.Text;
using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Validation;

namespace Podvisor.Engine.Config;

/// <summary>
/// The apiserver's <c>ValidateConfigMap</c> and <c>ValidateSecret</c> (pkg/apis/core/validation/validation.go), without
/// the Secret types' required keys beyond the registry-credential types' (<see cref="SecretTypeRules"/>): every error at
/// once, in upstream order.
/// </summary>
public static class ConfigObjectValidator
{
    /// <summary>core <c>MaxSecretSize</c>, which both kinds use: 1 MiB of values.</summary>
    public const int MaxSize = 1024 * 1024;

    /// <summary><c>ValidateConfigMap</c>: every error, none when valid.</summary>
    public static IReadOnlyList<FieldError> Validate(V1ConfigMap configMap)
    {
        var errors = new List<FieldError>();
        Metadata(configMap.Metadata, errors);
        long total = 0;
        var binary = configMap.BinaryData ?? new Dictionary<string, byte[]>();
        foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
        {
            Keys(key, $"data[{key}]", errors);
            if (binary.ContainsKey(key))
            {
                errors.Add(FieldError.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
            }

            total += Encoding.UTF8.GetByteCount(value ?? string.Empty);
        }

        foreach (var (key, value) in binary)
        {
            Keys(key, $"binaryData[{key}]", errors);
            total += value?.Length ?? 0;
        }

        if (total > MaxSize)
        {
            // field.NewPath(""): the error is about the whole object, and an empty path prints as "[]".
            errors.Add(FieldError.TooLong("[]", MaxSize));
        }

        return errors;
    }

    /// <summary>Validates a Secret whose <c>stringData</c> was already merged into <c>data</c> (<see cref="SecretStringData"/>).</summary>
    public static IReadOnlyList<FieldError> Validate(V1Secret secret)
    {
        var errors = new List<FieldError>();
        Metadata(secret.Metadata, errors);
        long total = 0;
        foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            Keys(key, $"data[{key}]", errors);
            total += value?.Length ?? 0;
        }

        if (total > MaxSize)
        {
            errors.Add(FieldError.TooLong("data", MaxSize));
        }

        SecretTypeRules.Check(secret, errors);
        return errors;
    }

    /// <summary>ValidateObjectMeta with NameIsDNSSubdomain, as both kinds use; the namespace was defaulted before.</summary>
    private static void Metadata(V1ObjectMeta? metadata, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(metadata?.Name))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            errors.AddRange(NameRules.Dns1123Subdomain(metadata.Name).Select(m => FieldError.Invalid("metadata.name", metadata.Name, m)));
        }

        if (!string.IsNullOrEmpty(metadata?.NamespaceProperty))
        {
            errors.AddRange(NameRules.Dns1123Label(metadata.NamespaceProperty).Select(m => FieldError.Invalid("metadata.namespace", metadata.NamespaceProperty, m)));
        }

        MetadataValidator.Validate(metadata ?? new V1ObjectMeta(), errors);
    }

    private static void Keys(string key, string path, List<FieldError> errors) =>
        errors.AddRange(ConfigKeyRules.Check(key).Select(message => FieldError.Invalid(path, key, message)));
}
