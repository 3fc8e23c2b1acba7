using Podvisor.Engine.Images.Credentials;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// The node's registry credentials: Docker's <c>config.json</c> (<c>$DOCKER_CONFIG/config.json</c> or
/// <c>~/.docker/config.json</c>), its <c>auths</c> entries as a keyring matched as the kubelet matches them
/// (<see cref="DockerKeyring"/>). They are tried after a pod's image pull secrets.
/// </summary>
internal static class DockerCredentials
{
    public static DockerKeyring FromDefaultLocation()
    {
        var directory = Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        var path = Path.Combine(directory, "config.json");
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path)) : DockerKeyring.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DockerConfigException)
        {
            // A config podvisor cannot read gives no credentials, as for a node without them: pulls say why they fail.
            return DockerKeyring.Empty;
        }
    }

    public static DockerKeyring Parse(string json) => DockerKeyring.From(DockerConfigEntries.Parse(json, DockerConfigFormat.ConfigJson));
}
