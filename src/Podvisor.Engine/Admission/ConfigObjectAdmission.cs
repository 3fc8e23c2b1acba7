using k8s.Models;

namespace Podvisor.Engine.Admission;

/// <summary>
/// Admission of the ConfigMaps and Secrets in <c>run</c>'s manifests, as a create through the apiserver would: the
/// namespace defaults to <c>default</c>, the object is validated, and a second object of the same name is refused.
/// </summary>
internal static class ConfigObjectAdmission
{
    public static List<T> Admit<T>(
        IReadOnlyList<(T Object, Decoding.ObjectOrigin Origin)> decoded,
        string kind,
        string resource,
        Func<T, V1ObjectMeta?> metadataOf,
        Func<T, IReadOnlyList<FieldError>> validate,
        List<AdmissionError> errors)
    {
        var admitted = new List<T>();
        var firstSeen = new Dictionary<(string Namespace, string Name), string>();
        foreach (var (obj, at) in decoded)
        {
            var origin = at.ToString();
            var metadata = metadataOf(obj);
            if (metadata is not null && string.IsNullOrEmpty(metadata.NamespaceProperty))
            {
                metadata.NamespaceProperty = "default";
            }

            var name = metadata?.Name ?? string.Empty;
            var fieldErrors = validate(obj);
            if (fieldErrors.Count > 0)
            {
                errors.Add(new ObjectInvalid(origin, kind, name, fieldErrors));
                continue;
            }

            var key = (metadata!.NamespaceProperty, name); // ! a valid object has metadata (its name is required)
            if (firstSeen.TryGetValue(key, out var first))
            {
                errors.Add(new ObjectDuplicated(origin, resource, key.NamespaceProperty, name, first));
                continue;
            }

            firstSeen.Add(key, origin);
            admitted.Add(obj);
        }

        return admitted;
    }
}
