using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// <c>spec.volumes</c> and each container's <c>volumeMounts</c>, as the apiserver's <c>ValidateVolumes</c> and
/// <c>ValidateVolumeMounts</c> do. A volume with an error is left out of the names mounts may use, so
/// a mount of it is also reported as not found, as upstream.
/// </summary>
internal static class VolumeValidator
{
    private const string FileModeMessage = "must be a number between 0 and 0777 (octal), both inclusive";

    // supportedMountPropagations, sorted as sets.List does.
    private static readonly string[] SupportedPropagations = ["Bidirectional", "HostToContainer", "None"];

    private static readonly string[] SupportedHostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

    // Every volume source of V1Volume (all properties but the name), with its JSON field name.
    private static readonly (PropertyInfo Property, string Field)[] Sources = typeof(V1Volume)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.Name != nameof(V1Volume.Name))
        .Select(p => (p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name))
        .ToArray();

    /// <summary>Validates the pod's volumes into <paramref name="errors"/>; returns the names of the valid ones.</summary>
    public static IReadOnlySet<string> Volumes(V1PodSpec spec, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var volumes = spec.Volumes ?? [];
        for (var i = 0; i < volumes.Count; i++)
        {
            var volume = volumes[i];
            var at = $"{path}[{i}]";
            var found = Source(volume, at);
            if (string.IsNullOrEmpty(volume.Name))
            {
                found.Add(FieldError.Required($"{at}.name"));
            }
            else
            {
                found.AddRange(NameRules.Dns1123Label(volume.Name).Select(message => FieldError.Invalid($"{at}.name", volume.Name, message)));
            }

            if (names.Contains(volume.Name ?? string.Empty))
            {
                found.Add(FieldError.Duplicate($"{at}.name", volume.Name ?? string.Empty));
            }

            if (found.Count == 0)
            {
                names.Add(volume.Name!);
            }

            errors.AddRange(found);
        }

        return names;
    }

    /// <summary>The valid volume names of <paramref name="spec"/>, for checking mounts.</summary>
    public static IReadOnlySet<string> ValidNames(V1PodSpec spec) => Volumes(spec, "spec.volumes", []);

    public static void Mounts(IList<V1VolumeMount>? mounts, IReadOnlySet<string> volumes, string path, List<FieldError> errors)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var mount = mounts![i];
            var at = $"{path}[{i}]";
            if (string.IsNullOrEmpty(mount.Name))
            {
                errors.Add(FieldError.Required($"{at}.name"));
            }

            if (!volumes.Contains(mount.Name ?? string.Empty))
            {
                errors.Add(FieldError.NotFound($"{at}.name", mount.Name ?? string.Empty));
            }

            if (string.IsNullOrEmpty(mount.MountPath))
            {
                errors.Add(FieldError.Required($"{at}.mountPath"));
            }

            if (!mountPoints.Add(mount.MountPath ?? string.Empty))
            {
                errors.Add(FieldError.Invalid($"{at}.mountPath", mount.MountPath ?? string.Empty, "must be unique"));
            }

            if (!string.IsNullOrEmpty(mount.SubPath))
            {
                // Upstream names the list, not the item, for subPath errors.
                LocalDescendingPath(mount.SubPath, $"{path}.subPath", errors);
            }

            if (!string.IsNullOrEmpty(mount.SubPath) && !string.IsNullOrEmpty(mount.SubPathExpr))
            {
                errors.Add(FieldError.Invalid($"{at}.subPathExpr", mount.SubPathExpr, "subPathExpr and subPath are mutually exclusive"));
            }

            if (mount.MountPropagation is { } propagation && !SupportedPropagations.Contains(propagation, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported($"{at}.mountPropagation", propagation, SupportedPropagations));
            }
        }
    }

    private static List<FieldError> Source(V1Volume volume, string at)
    {
        var errors = new List<FieldError>();
        var count = 0;
        foreach (var (property, field) in Sources)
        {
            var source = property.GetValue(volume);
            if (source is null)
            {
                continue;
            }

            if (count++ > 0)
            {
                errors.Add(FieldError.Forbidden($"{at}.{field}", "may not specify more than 1 volume type"));
                continue;
            }

            switch (source)
            {
                case V1HostPathVolumeSource hostPath:
                    HostPath(hostPath, $"{at}.{field}", errors);
                    break;
                case V1ConfigMapVolumeSource configMap:
                    FileModes(configMap.DefaultMode, configMap.Items?.Select(item => item.Mode), $"{at}.{field}", errors);
                    break;
                case V1SecretVolumeSource secret:
                    FileModes(secret.DefaultMode, secret.Items?.Select(item => item.Mode), $"{at}.{field}", errors);
                    break;
                case V1DownwardAPIVolumeSource downwardApi:
                    FileModes(downwardApi.DefaultMode, downwardApi.Items?.Select(item => item.Mode), $"{at}.{field}", errors);
                    break;
                case V1ProjectedVolumeSource projected:
                    FileModes(projected.DefaultMode, null, $"{at}.{field}", errors);
                    break;
                case V1EmptyDirVolumeSource { SizeLimit: { } limit } when limit.ToDecimal() < 0:
                    errors.Add(FieldError.Forbidden($"{at}.{field}.sizeLimit", "SizeLimit field must be a valid resource quantity"));
                    break;
            }
        }

        if (count == 0)
        {
            errors.Add(FieldError.Required(at, "must specify a volume type"));
        }

        return errors;
    }

    /// <summary>validateVolumeSource's defaultMode and items[].mode checks.</summary>
    private static void FileModes(int? defaultMode, IEnumerable<int?>? itemModes, string at, List<FieldError> errors)
    {
        if (defaultMode is { } mode && mode is < 0 or > 511)
        {
            errors.Add(FieldError.Invalid($"{at}.defaultMode", mode, FileModeMessage));
        }

        var i = 0;
        foreach (var itemMode in itemModes ?? [])
        {
            if (itemMode is { } value && value is < 0 or > 511)
            {
                errors.Add(FieldError.Invalid($"{at}.items[{i}].mode", value, FileModeMessage));
            }

            i++;
        }
    }

    private static void HostPath(V1HostPathVolumeSource source, string at, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(source.Path))
        {
            errors.Add(FieldError.Required($"{at}.path"));
            return;
        }

        NoBacksteps(source.Path, $"{at}.path", errors);
        if (source.Type is { } type && !SupportedHostPathTypes.Contains(type, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported($"{at}.type", type, SupportedHostPathTypes));
        }
    }

    private static void LocalDescendingPath(string path, string field, List<FieldError> errors)
    {
        if (path.StartsWith('/'))
        {
            errors.Add(FieldError.Invalid(field, path, "must be a relative path"));
        }

        NoBacksteps(path, field, errors);
    }

    private static void NoBacksteps(string path, string field, List<FieldError> errors)
    {
        if (path.Split('/').Contains(".."))
        {
            errors.Add(FieldError.Invalid(field, path, "must not contain '..'"));
        }
    }
}
