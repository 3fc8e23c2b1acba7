using System.Text.Json;
using Podvisor.Engine.Images;
using Podvisor.Runtime.Cri.Api;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// Registry credentials from Docker's <c>config.json</c> (<c>$DOCKER_CONFIG/config.json</c> or
/// <c>~/.docker/config.json</c>), the simple <c>auths</c> form only: <c>auth</c> (base64 user:password) or
/// <c>username</c>/<c>password</c>, keyed by registry host (<c>https://index.docker.io/v1/</c> is docker.io).
/// </summary>
internal sealed class DockerCredentials(IReadOnlyDictionary<string, AuthConfig> byHost)
{
    public static DockerCredentials None { get; } = new(new Dictionary<string, AuthConfig>());

    public static DockerCredentials FromDefaultLocation()
    {
        var directory = Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        var path = Path.Combine(directory, "config.json");
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path)) : None;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // A config podvisor cannot read gives no credentials, as for a node without them: pulls say why they fail.
            return None;
        }
    }

    public static DockerCredentials Parse(string json)
    {
        var result = new Dictionary<string, AuthConfig>(StringComparer.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
        {
            return new DockerCredentials(result);
        }

        foreach (var entry in auths.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var auth = new AuthConfig
            {
                Auth = Text(entry.Value, "auth"),
                Username = Text(entry.Value, "username"),
                Password = Text(entry.Value, "password"),
                IdentityToken = Text(entry.Value, "identitytoken"),
            };
            result[HostOf(entry.Name)] = auth;
        }

        return new DockerCredentials(result);
    }

    public AuthConfig? Find(string image) => byHost.GetValueOrDefault(ImageReference.Parse(image).Domain);

    private static string HostOf(string key)
    {
        var host = key.Contains("://", StringComparison.Ordinal) ? new Uri(key).Authority : key.Split('/')[0];
        return host is "index.docker.io" or "registry-1.docker.io" ? ImageReference.DefaultDomain : host;
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
}
