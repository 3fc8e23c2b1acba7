using System.Text;
using k8s.Models;
using Podvisor.Engine.Admission.Validation;
using Podvisor.Engine.Containers;

namespace Podvisor.Engine.Config;

/// <summary>
/// A container's variables as the kubelet computes them when it creates the container (kubelet_pods.go
/// <c>makeEnvironmentVariables</c>): first every <c>envFrom</c> source in order (later ones win), then <c>env</c> in
/// order, each literal value <c>$(VAR)</c>-expanded against everything defined so far. A reference that cannot be
/// resolved and is not optional fails the whole start with the kubelet's error text, which becomes the
/// <c>CreateContainerConfigError</c> message. Read anew at every start, so a restart sees the objects as they are then.
/// </summary>
internal static class ConfigEnvironment
{
    public static ConfigEnvironmentResult Resolve(V1Container container, PodFieldContext fields, IConfigSource source)
    {
        var podNamespace = fields.Metadata.NamespaceProperty ?? "default";
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (var from in container.EnvFrom ?? [])
        {
            if (EnvFrom(from, podNamespace, source, defined, skipped) is { } error)
            {
                return ConfigEnvironmentResult.Failed(error);
            }
        }

        var configMaps = new Dictionary<string, V1ConfigMap>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, V1Secret>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            string value;
            if (!string.IsNullOrEmpty(variable.Value))
            {
                value = VariableExpansion.Expand(variable.Value, name => defined.GetValueOrDefault(name));
            }
            else if (variable.ValueFrom is not { } from)
            {
                value = string.Empty;
            }
            else if (from.FieldRef is { } fieldRef)
            {
                value = fields.Resolve(fieldRef.FieldPath) ?? string.Empty;
            }
            else if (from.ConfigMapKeyRef is { } configMapKey)
            {
                var optional = configMapKey.Optional == true;
                if (!configMaps.TryGetValue(configMapKey.Name, out var configMap))
                {
                    configMap = source.GetConfigMap(podNamespace, configMapKey.Name);
                    if (configMap is null)
                    {
                        if (optional)
                        {
                            continue;
                        }

                        return ConfigEnvironmentResult.Failed(ConfigMessages.ConfigMapNotFound(configMapKey.Name));
                    }

                    configMaps[configMapKey.Name] = configMap;
                }

                if (configMap.Data?.TryGetValue(configMapKey.Key, out var found) != true)
                {
                    if (optional)
                    {
                        continue;
                    }

                    return ConfigEnvironmentResult.Failed($"couldn't find key {configMapKey.Key} in ConfigMap {podNamespace}/{configMapKey.Name}");
                }

                value = found ?? string.Empty;
            }
            else if (from.SecretKeyRef is { } secretKey)
            {
                var optional = secretKey.Optional == true;
                if (!secrets.TryGetValue(secretKey.Name, out var secret))
                {
                    secret = source.GetSecret(podNamespace, secretKey.Name);
                    if (secret is null)
                    {
                        if (optional)
                        {
                            continue;
                        }

                        return ConfigEnvironmentResult.Failed(ConfigMessages.SecretNotFound(secretKey.Name));
                    }

                    secrets[secretKey.Name] = secret;
                }

                if (secret.Data?.TryGetValue(secretKey.Key, out var bytes) != true)
                {
                    if (optional)
                    {
                        continue;
                    }

                    return ConfigEnvironmentResult.Failed($"couldn't find key {secretKey.Key} in Secret {podNamespace}/{secretKey.Name}");
                }

                value = Encoding.UTF8.GetString(bytes ?? []);
            }
            else
            {
                // resourceFieldRef and fileKeyRef: admission warned that they resolve to nothing here.
                value = string.Empty;
            }

            defined[variable.Name] = value;
        }

        return new ConfigEnvironmentResult(defined, null, skipped);
    }

    /// <summary>One envFrom source; returns the start error, or null.</summary>
    private static string? EnvFrom(V1EnvFromSource from, string podNamespace, IConfigSource source, Dictionary<string, string> defined, List<string> skipped)
    {
        IEnumerable<KeyValuePair<string, string>> values;
        string kind;
        string name;
        if (from.ConfigMapRef is { } configMapRef)
        {
            (kind, name) = ("configMap", configMapRef.Name);
            var configMap = source.GetConfigMap(podNamespace, name);
            if (configMap is null)
            {
                return configMapRef.Optional == true ? null : ConfigMessages.ConfigMapNotFound(name);
            }

            values = configMap.Data ?? new Dictionary<string, string>();
        }
        else if (from.SecretRef is { } secretRef)
        {
            (kind, name) = ("secret", secretRef.Name);
            var secret = source.GetSecret(podNamespace, name);
            if (secret is null)
            {
                return secretRef.Optional == true ? null : ConfigMessages.SecretNotFound(name);
            }

            values = (secret.Data ?? new Dictionary<string, byte[]>()).Select(pair => KeyValuePair.Create(pair.Key, Encoding.UTF8.GetString(pair.Value ?? [])));
        }
        else
        {
            return null;
        }

        var invalid = new List<string>();
        foreach (var (key, value) in values)
        {
            var variable = (from.Prefix ?? string.Empty) + key;
            if (NameRules.EnvVarName(variable).Count > 0)
            {
                invalid.Add(variable);
                continue;
            }

            defined[variable] = value ?? string.Empty;
        }

        if (invalid.Count > 0)
        {
            invalid.Sort(StringComparer.Ordinal);
            skipped.Add($"Keys [{string.Join(", ", invalid)}] from the EnvFrom {kind} {podNamespace}/{name} were skipped since they are considered invalid environment variable names.");
        }

        return null;
    }
}
