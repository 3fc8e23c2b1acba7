using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>A container's <c>env</c> (validation.go <c>ValidateEnv</c>, <c>validateEnvVarValueFrom</c>, <c>validateObjectFieldSelector</c>).</summary>
internal static class EnvValidator
{
    // Downward API paths an env var may name (validEnvDownwardAPIFieldPathExpressions), sorted as sets.List does.
    private static readonly string[] EnvFieldPaths =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    // What ConvertDownwardAPIFieldLabel accepts at all; anything else fails conversion before the check above.
    private static readonly string[] ConvertibleFieldLabels =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", "spec.host",
    ];

    public static void Validate(IList<V1EnvVar>? env, string path, List<FieldError> errors)
    {
        if (env is null)
        {
            return;
        }

        for (var i = 0; i < env.Count; i++)
        {
            var variable = env[i];
            var at = $"{path}[{i}]";
            if (string.IsNullOrEmpty(variable.Name))
            {
                errors.Add(FieldError.Required($"{at}.name"));
            }
            else
            {
                foreach (var message in NameRules.EnvVarName(variable.Name))
                {
                    errors.Add(FieldError.Invalid($"{at}.name", variable.Name, message));
                }
            }

            ValueFrom(variable, $"{at}.valueFrom", errors);
        }
    }

    private static void ValueFrom(V1EnvVar variable, string path, List<FieldError> errors)
    {
        if (variable.ValueFrom is not { } from)
        {
            return;
        }

        var sources = 0;
        if (from.FieldRef is { } fieldRef)
        {
            sources++;
            FieldRef(fieldRef, $"{path}.fieldRef", errors);
        }

        sources += (from.ResourceFieldRef is null ? 0 : 1) + (from.ConfigMapKeyRef is null ? 0 : 1)
            + (from.SecretKeyRef is null ? 0 : 1) + (from.FileKeyRef is null ? 0 : 1);
        if (sources == 0)
        {
            errors.Add(FieldError.Invalid(path, string.Empty, "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        }
        else if (!string.IsNullOrEmpty(variable.Value))
        {
            errors.Add(FieldError.Invalid(path, string.Empty, "may not be specified when `value` is not empty"));
        }
        else if (sources > 1)
        {
            errors.Add(FieldError.Invalid(path, string.Empty, "may not have more than one field specified at a time"));
        }
    }

    private static void FieldRef(V1ObjectFieldSelector selector, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(selector.ApiVersion))
        {
            errors.Add(FieldError.Required($"{path}.apiVersion"));
            return;
        }

        var fieldPath = selector.FieldPath;
        if (string.IsNullOrEmpty(fieldPath))
        {
            errors.Add(FieldError.Required($"{path}.fieldPath"));
            return;
        }

        if (SplitSubscript(fieldPath) is { } subscripted)
        {
            // Only labels and annotations take a key: metadata.labels['app'].
            if (subscripted is not ("metadata.labels" or "metadata.annotations"))
            {
                errors.Add(FieldError.Invalid($"{path}.fieldPath", fieldPath, $"error converting fieldPath: field label does not support subscript: {subscripted}"));
            }

            return;
        }

        if (selector.ApiVersion != "v1")
        {
            errors.Add(FieldError.Invalid($"{path}.fieldPath", fieldPath, $"error converting fieldPath: unsupported pod version: {selector.ApiVersion}"));
        }
        else if (!ConvertibleFieldLabels.Contains(fieldPath, StringComparer.Ordinal))
        {
            errors.Add(FieldError.Invalid($"{path}.fieldPath", fieldPath, $"error converting fieldPath: field label not supported: {fieldPath}"));
        }
        else
        {
            var internalPath = fieldPath == "spec.host" ? "spec.nodeName" : fieldPath;
            if (!EnvFieldPaths.Contains(internalPath, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported($"{path}.fieldPath", internalPath, EnvFieldPaths));
            }
        }
    }

    /// <summary>fieldpath.SplitMaybeSubscriptedPath: <c>metadata.labels['k']</c> → <c>metadata.labels</c>.</summary>
    private static string? SplitSubscript(string fieldPath)
    {
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return null;
        }

        var open = fieldPath.IndexOf("['", StringComparison.Ordinal);
        return open <= 0 || open + 2 > fieldPath.Length - 2 ? null : fieldPath[..open];
    }
}
