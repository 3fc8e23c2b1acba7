using System.Text;
using k8s.Models;
using Podvisor.Engine.Config;
using Podvisor.Engine.Containers;

namespace Podvisor.Engine.Volumes;

/// <summary>
/// What a configMap, secret, downwardAPI or projected volume holds, computed as the kubelet's volume plugins do
/// (pkg/volume/configmap, secret, downwardapi, projected: <c>MakePayload</c>, <c>CollectData</c>): every key of the
/// object, or only <c>items</c> (key → path, with their own <c>mode</c>), files mode <c>defaultMode</c> (0644 unless
/// set). A missing object or key fails the setup with the kubelet's words unless the source is <c>optional</c>.
/// </summary>
internal static class ConfigVolumePayload
{
    /// <summary>ConfigMapVolumeSourceDefaultMode, SecretVolumeSourceDefaultMode, DownwardAPIVolumeSourceDefaultMode, ProjectedVolumeSourceDefaultMode.</summary>
    public const int DefaultMode = 0b110_100_100;

    /// <summary>The payload, or the error that fails the volume's setup (the FailedMount detail).</summary>
    public static (Dictionary<string, FileProjection>? Payload, string? Error) Make(V1Volume volume, PodFieldContext fields, IConfigSource source)
    {
        var podNamespace = fields.Metadata.NamespaceProperty ?? "default";
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        var error = volume switch
        {
            { ConfigMap: { } configMap } => ConfigMap(configMap.Name, configMap.Items, configMap.DefaultMode ?? DefaultMode, configMap.Optional == true, podNamespace, source, payload),
            { Secret: { } secret } => Secret(secret.SecretName, secret.Items, secret.DefaultMode ?? DefaultMode, secret.Optional == true, podNamespace, source, payload),
            { DownwardAPI: { } downward } => DownwardApi(downward.Items, downward.DefaultMode ?? DefaultMode, fields, payload),
            { Projected: { } projected } => Projected(projected, podNamespace, fields, source, payload),
            _ => "not a configMap, secret, downwardAPI or projected volume",
        };
        return error is null ? (payload, null) : (null, error);
    }

    private static string? ConfigMap(string name, IList<V1KeyToPath>? items, int defaultMode, bool optional, string podNamespace, IConfigSource source, Dictionary<string, FileProjection> payload)
    {
        var configMap = source.GetConfigMap(podNamespace, name);
        if (configMap is null && !optional)
        {
            return ConfigMessages.ConfigMapNotFound(name);
        }

        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap?.Data ?? new Dictionary<string, string>())
        {
            values[key] = Encoding.UTF8.GetBytes(value ?? string.Empty);
        }

        foreach (var (key, value) in configMap?.BinaryData ?? new Dictionary<string, byte[]>())
        {
            values.TryAdd(key, value ?? []);
        }

        return Keys(values, items, defaultMode, optional, "configmap references non-existent config key", payload);
    }

    private static string? Secret(string name, IList<V1KeyToPath>? items, int defaultMode, bool optional, string podNamespace, IConfigSource source, Dictionary<string, FileProjection> payload)
    {
        var secret = source.GetSecret(podNamespace, name);
        if (secret is null && !optional)
        {
            return ConfigMessages.SecretNotFound(name);
        }

        var values = new Dictionary<string, byte[]>(secret?.Data ?? new Dictionary<string, byte[]>(), StringComparer.Ordinal);
        return Keys(values, items, defaultMode, optional, "references non-existent secret key", payload);
    }

    /// <summary>MakePayload: all keys, or the mapped ones.</summary>
    private static string? Keys(Dictionary<string, byte[]> values, IList<V1KeyToPath>? items, int defaultMode, bool optional, string missingKey, Dictionary<string, FileProjection> payload)
    {
        if (items is not { Count: > 0 })
        {
            foreach (var (key, value) in values)
            {
                payload[key] = new FileProjection(value, defaultMode);
            }

            return null;
        }

        foreach (var item in items)
        {
            if (!values.TryGetValue(item.Key, out var value))
            {
                if (optional)
                {
                    continue;
                }

                return $"{missingKey}: {item.Key}";
            }

            payload[item.Path] = new FileProjection(value, item.Mode ?? defaultMode);
        }

        return null;
    }

    private static string? DownwardApi(IList<V1DownwardAPIVolumeFile>? items, int defaultMode, PodFieldContext fields, Dictionary<string, FileProjection> payload)
    {
        foreach (var item in items ?? [])
        {
            if (item.FieldRef is { } fieldRef)
            {
                var value = fieldRef.FieldPath switch
                {
                    "metadata.labels" => FormatMap(fields.Metadata.Labels),
                    "metadata.annotations" => FormatMap(fields.Metadata.Annotations),
                    var path => fields.Resolve(path) ?? string.Empty,
                };
                payload[item.Path] = new FileProjection(Encoding.UTF8.GetBytes(value), item.Mode ?? defaultMode);
            }
            else if (item.ResourceFieldRef is not null)
            {
                return $"unable to write resourceFieldRef file {item.Path}: resourceFieldRef is not supported by this version";
            }
        }

        return null;
    }

    private static string? Projected(V1ProjectedVolumeSource projected, string podNamespace, PodFieldContext fields, IConfigSource source, Dictionary<string, FileProjection> payload)
    {
        var defaultMode = projected.DefaultMode ?? DefaultMode;
        foreach (var part in projected.Sources ?? [])
        {
            var error = part switch
            {
                { ConfigMap: { } configMap } => ConfigMap(configMap.Name, configMap.Items, defaultMode, configMap.Optional == true, podNamespace, source, payload),
                { Secret: { } secret } => Secret(secret.Name, secret.Items, defaultMode, secret.Optional == true, podNamespace, source, payload),
                { DownwardAPI: { } downward } => DownwardApi(downward.Items, defaultMode, fields, payload),
                { ServiceAccountToken: not null } => "serviceAccountToken projections are not supported: podvisor has no service account tokens",
                _ => "this projected volume source is not supported: only configMap, secret and downwardAPI",
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>fieldpath.FormatMap: <c>key="value"</c> lines in key order, values quoted as Go's %q does.</summary>
    internal static string FormatMap(IDictionary<string, string>? map)
    {
        var lines = (map ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={GoQuote(p.Value ?? string.Empty)}");
        return string.Join('\n', lines);
    }

    private static string GoQuote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
