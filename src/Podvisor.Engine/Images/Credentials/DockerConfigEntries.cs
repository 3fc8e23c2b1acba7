using System.Text;
using System.Text.Json;

namespace Podvisor.Engine.Images.Credentials;

/// <summary>
/// Reads the entries of a Docker config (kubernetes/kubernetes <c>pkg/credentialprovider/config.go</c>
/// <c>DockerConfigJSON</c>, <c>DockerConfig</c> and <c>DockerConfigEntry.UnmarshalJSON</c>): per registry key, a
/// <c>username</c>/<c>password</c>, or an <c>auth</c> (base64 of <c>user:password</c>) that replaces them.
/// </summary>
public static class DockerConfigEntries
{
    /// <summary>The entries in file order; throws <see cref="DockerConfigException"/> when the JSON or an <c>auth</c> is malformed.</summary>
    public static IReadOnlyList<(string Key, RegistryCredential Credential)> Parse(string json, DockerConfigFormat format)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new DockerConfigException($"invalid Docker config JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (format == DockerConfigFormat.ConfigJson)
            {
                // A config without "auths" (only credHelpers, say) gives no credentials, as in Go's decoding.
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("auths", out root))
                {
                    return [];
                }
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var entries = new List<(string, RegistryCredential)>();
            foreach (var entry in root.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object)
                {
                    entries.Add((entry.Name, Entry(entry.Name, entry.Value)));
                }
            }

            return entries;
        }
    }

    private static RegistryCredential Entry(string key, JsonElement value)
    {
        var username = Text(value, "username");
        var password = Text(value, "password");
        var auth = Text(value, "auth");
        if (auth.Length > 0)
        {
            (username, password) = DecodeAuth(key, auth);
        }

        return new RegistryCredential(username, password, Text(value, "identitytoken"));
    }

    /// <summary>config.go <c>decodeDockerConfigFieldAuth</c>: standard base64, split at the first colon.</summary>
    private static (string Username, string Password) DecodeAuth(string key, string auth)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
        }
        catch (FormatException ex)
        {
            throw new DockerConfigException($"registry \"{key}\": auth is not valid base64", ex);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? throw new DockerConfigException($"registry \"{key}\": expected username and password concatenated with a colon (:)")
            : (decoded[..colon], decoded[(colon + 1)..]);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
}
