using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>A container's <c>env</c> (validation.go <c>ValidateEnv</c>, <c>validateEnvVarValueFrom</c>, <c>validateObjectFieldSelector</c>).</summary>
internal static class EnvValidator
{
    // Downward API paths an env var may name (validEnvDownwardAPIFieldPathExpressions), sorted as sets.List does.
    private static readonly string[] EnvFieldPaths =
    [
        "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    // validContainerResourceFieldPathExpressions, sorted as sets.List does; hugepages take any size suffix.
    private static readonly string[] ResourceFieldPaths =
    [
        "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory",
    ];

    private static readonly string[] CpuDivisors = ["1m", "1"];
    private static readonly string[] MemoryDivisors = ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];

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

        if (from.ResourceFieldRef is { } resourceFieldRef)
        {
            sources++;
            ResourceFieldRef(resourceFieldRef, $"{path}.resourceFieldRef", errors);
        }

        if (from.ConfigMapKeyRef is { } configMapKeyRef)
        {
            sources++;
            KeySelector(configMapKeyRef.Name, configMapKeyRef.Key, $"{path}.configMapKeyRef", errors);
        }

        if (from.SecretKeyRef is { } secretKeyRef)
        {
            sources++;
            KeySelector(secretKeyRef.Name, secretKeyRef.Key, $"{path}.secretKeyRef", errors);
        }

        sources += from.FileKeyRef is null ? 0 : 1;
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

    /// <summary>validateEnvFrom: each entry names a config map or a secret.</summary>
    public static void EnvFrom(IList<V1EnvFromSource>? envFrom, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (envFrom?.Count ?? 0); i++)
        {
            var source = envFrom![i];
            var at = $"{path}[{i}]";
            if (!string.IsNullOrEmpty(source.Prefix))
            {
                errors.AddRange(NameRules.EnvVarName(source.Prefix).Select(m => FieldError.Invalid($"{at}.prefix", source.Prefix, m)));
            }

            var sources = (source.ConfigMapRef is null ? 0 : 1) + (source.SecretRef is null ? 0 : 1);
            if (sources == 0)
            {
                errors.Add(FieldError.Invalid(path, string.Empty, "must specify one of: `configMapRef` or `secretRef`"));
            }
            else if (sources > 1)
            {
                errors.Add(FieldError.Invalid(path, string.Empty, "may not have more than one field specified at a time"));
            }
        }
    }

    /// <summary>validateConfigMapKeySelector / validateSecretKeySelector.</summary>
    private static void KeySelector(string? name, string? key, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required($"{path}.name"));
        }

        if (string.IsNullOrEmpty(key))
        {
            errors.Add(FieldError.Required($"{path}.key"));
        }
    }

    /// <summary>validateContainerResourceFieldSelector and validateContainerResourceDivisor, for env (containerName optional).</summary>
    private static void ResourceFieldRef(V1ResourceFieldSelector selector, string path, List<FieldError> errors)
    {
        var resource = selector.Resource ?? string.Empty;
        if (resource.Length == 0)
        {
            errors.Add(FieldError.Required($"{path}.resource"));
        }
        else if (!ResourceFieldPaths.Contains(resource, StringComparer.Ordinal)
            && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal) && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
        {
            errors.Add(FieldError.NotSupported($"{path}.resource", resource, ResourceFieldPaths));
        }

        if (selector.Divisor is not { } divisor || divisor.ToDecimal() == 0)
        {
            return;
        }

        var text = divisor.CanonicalizeString();
        var (allowed, what) = resource switch
        {
            "limits.cpu" or "requests.cpu" => (CpuDivisors, "1m and 1 are supported with the cpu resource"),
            "limits.memory" or "requests.memory" => (MemoryDivisors, string.Join(", ", MemoryDivisors) + " are supported with the memory resource"),
            "limits.ephemeral-storage" or "requests.ephemeral-storage" => (MemoryDivisors, string.Join(", ", MemoryDivisors) + " are supported with the local ephemeral storage resource"),
            _ => ((string[]?)null, string.Empty),
        };
        if (allowed is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            // Upstream reports the resource name as the bad value, not the divisor.
            errors.Add(FieldError.Invalid($"{path}.divisor", resource, "only divisor's values " + what));
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
