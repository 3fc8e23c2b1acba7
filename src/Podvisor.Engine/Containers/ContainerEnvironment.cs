using Podvisor.Engine.Images;

namespace Podvisor.Engine.Containers;

/// <summary>
/// Builds a container's environment as kubelet + containerd do: the image's env, overridden by the
/// container's variables (<see cref="Config.ConfigEnvironment"/>: envFrom, then env), with PATH and HOSTNAME
/// defaulted as the runtime does.
/// </summary>
internal static class ContainerEnvironment
{
    /// <summary>containerd's default PATH for images that set none.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

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
