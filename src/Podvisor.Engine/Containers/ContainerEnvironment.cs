using k8s.Models;
using Podvisor.Engine.Images;

namespace Podvisor.Engine.Containers;

/// <summary>
/// Builds a container's environment as kubelet + containerd do: the image's env, overridden by the
/// container's <c>env</c> (each value <c>$(VAR)</c>-expanded against the entries defined before it),
/// with PATH and HOSTNAME defaulted as the runtime does.
/// </summary>
internal static class ContainerEnvironment
{
    /// <summary>containerd's default PATH for images that set none.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The variables the pod spec defines, in order: what <c>$(VAR)</c> in command and args may use.</summary>
    public static IReadOnlyDictionary<string, string> FromSpec(V1Container container, PodFieldContext fields)
    {
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            var value = variable.ValueFrom?.FieldRef is { } fieldRef
                ? fields.Resolve(fieldRef.FieldPath) ?? string.Empty
                : VariableExpansion.Expand(variable.Value ?? string.Empty, name => defined.GetValueOrDefault(name));
            defined[variable.Name] = value;
        }

        return defined;
    }

    /// <summary>The full process environment: image env, then the spec's, then runtime defaults for what is unset.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(ImageConfig? image, IReadOnlyDictionary<string, string> specVariables, string hostname)
    {
        var merged = new List<KeyValuePair<string, string>>();
        void Set(string key, string value)
        {
            var at = merged.FindIndex(pair => pair.Key == key);
            if (at >= 0)
            {
                merged[at] = new(key, value);
            }
            else
            {
                merged.Add(new(key, value));
            }
        }

        if (!(image?.Env ?? []).Any(pair => pair.Key == "PATH"))
        {
            Set("PATH", DefaultPath);
        }

        Set("HOSTNAME", hostname);
        foreach (var pair in image?.Env ?? [])
        {
            Set(pair.Key, pair.Value);
        }

        foreach (var pair in specVariables)
        {
            Set(pair.Key, pair.Value);
        }

        return merged;
    }
}
