using System.Text;
using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// The parts of <c>ValidateObjectMeta</c> beyond name and namespace (apimachinery's
/// pkg/api/validation/objectmeta.go): labels, annotations, finalizers and owner references.
/// </summary>
internal static class MetadataValidator
{
    /// <summary>TotalAnnotationSizeLimitB: keys and values together, in bytes.</summary>
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    // The finalizers Kubernetes itself defines (pkg/apis/core/validation standardFinalizers).
    private static readonly string[] StandardFinalizers = ["kubernetes", "orphan", "foregroundDeletion"];

    public static void Validate(V1ObjectMeta metadata, List<FieldError> errors)
    {
        Labels(metadata.Labels, errors);
        Annotations(metadata.Annotations, errors);
        OwnerReferences(metadata.OwnerReferences, errors);
        Finalizers(metadata.Finalizers, errors);
    }

    private static void Labels(IDictionary<string, string>? labels, List<FieldError> errors)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            errors.AddRange(QualifiedNames.QualifiedName(key).Select(m => FieldError.Invalid("metadata.labels", key, m)));
            errors.AddRange(QualifiedNames.LabelValue(value ?? string.Empty).Select(m => FieldError.Invalid("metadata.labels", value ?? string.Empty, m)));
        }
    }

    private static void Annotations(IDictionary<string, string>? annotations, List<FieldError> errors)
    {
        long size = 0;
        foreach (var (key, value) in annotations ?? new Dictionary<string, string>())
        {
            // Upstream: QualifiedName, except that case does not matter.
            errors.AddRange(QualifiedNames.QualifiedName(key.ToLowerInvariant()).Select(m => FieldError.Invalid("metadata.annotations", key, m)));
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value ?? string.Empty);
        }

        if (size > TotalAnnotationSizeLimitBytes)
        {
            errors.Add(FieldError.TooLong("metadata.annotations", TotalAnnotationSizeLimitBytes));
        }
    }

    private static void OwnerReferences(IList<V1OwnerReference>? references, List<FieldError> errors)
    {
        const string Path = "metadata.ownerReferences";
        var controllers = 0;
        foreach (var reference in references ?? [])
        {
            // schema.FromAPIVersionAndKind: the version is what follows the last '/', or the whole string.
            var apiVersion = reference.ApiVersion ?? string.Empty;
            var version = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[(apiVersion.LastIndexOf('/') + 1)..] : apiVersion;
            if (version.Length == 0)
            {
                errors.Add(FieldError.Invalid($"{Path}.apiVersion", apiVersion, "version must not be empty"));
            }

            if (string.IsNullOrEmpty(reference.Kind))
            {
                errors.Add(FieldError.Invalid($"{Path}.kind", reference.Kind ?? string.Empty, "kind must not be empty"));
            }

            if (string.IsNullOrEmpty(reference.Name))
            {
                errors.Add(FieldError.Invalid($"{Path}.name", reference.Name ?? string.Empty, "name must not be empty"));
            }

            if (string.IsNullOrEmpty(reference.Uid))
            {
                errors.Add(FieldError.Invalid($"{Path}.uid", reference.Uid ?? string.Empty, "uid must not be empty"));
            }

            controllers += reference.Controller == true ? 1 : 0;
        }

        if (controllers > 1)
        {
            errors.Add(FieldError.Invalid(Path, "[...]", "Only one reference can have Controller set to true"));
        }
    }

    private static void Finalizers(IList<string>? finalizers, List<FieldError> errors)
    {
        const string Path = "metadata.finalizers";
        foreach (var finalizer in finalizers ?? [])
        {
            var value = finalizer ?? string.Empty;
            var messages = QualifiedNames.QualifiedName(value);
            errors.AddRange(messages.Select(m => FieldError.Invalid(Path, value, m)));
            if (messages.Count == 0 && !value.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(value, StringComparer.Ordinal))
            {
                errors.Add(FieldError.Invalid(Path, value, "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
    }
}
