using System.Text;
using k8s.Models;

namespace Podvisor.Engine.Images.Credentials;

/// <summary>
/// The keyring of a pod's image pull secrets (kubernetes/kubernetes <c>pkg/credentialprovider/secrets/secrets.go</c>
/// <c>MakeDockerKeyring</c>): a <c>kubernetes.io/dockerconfigjson</c> Secret's <c>.dockerconfigjson</c> and a
/// <c>kubernetes.io/dockercfg</c> Secret's <c>.dockercfg</c>; a Secret of another type, or without its key, adds nothing.
/// </summary>
internal static class PullSecretKeyring
{
    public const string DockerConfigJsonType = "kubernetes.io/dockerconfigjson";
    public const string DockerConfigJsonKey = ".dockerconfigjson";
    public const string DockercfgType = "kubernetes.io/dockercfg";
    public const string DockercfgKey = ".dockercfg";

    /// <summary>Throws <see cref="DockerConfigException"/> when a Secret's config is malformed: the kubelet then fails the pull with that error.</summary>
    public static DockerKeyring From(IEnumerable<V1Secret> secrets)
    {
        var entries = new List<(string, RegistryCredential)>();
        foreach (var secret in secrets)
        {
            var data = secret.Data ?? new Dictionary<string, byte[]>();
            if (secret.Type == DockerConfigJsonType && data.TryGetValue(DockerConfigJsonKey, out var json) && json is { Length: > 0 })
            {
                entries.AddRange(DockerConfigEntries.Parse(Encoding.UTF8.GetString(json), DockerConfigFormat.ConfigJson));
            }
            else if (secret.Type == DockercfgType && data.TryGetValue(DockercfgKey, out var cfg) && cfg is { Length: > 0 })
            {
                entries.AddRange(DockerConfigEntries.Parse(Encoding.UTF8.GetString(cfg), DockerConfigFormat.Dockercfg));
            }
        }

        return DockerKeyring.From(entries);
    }
}
