namespace Podvisor.Engine.Images.Credentials;

/// <summary>
/// Registry credentials matched to an image as the kubelet's keyring does (kubernetes/kubernetes
/// <c>pkg/credentialprovider/keyring.go</c> <c>BasicDockerKeyring</c>): each config key becomes host plus path (a
/// scheme is dropped, a leading <c>/v1/</c> or <c>/v2/</c> counts as the bare host); an image matches a key whose
/// host has as many dot-separated parts, each matching as a glob (<c>*.example.com</c>), the same port, and a path
/// that is a prefix of the image's. Keys are tried longest first (reverse sorted), so <c>quay.io/team</c> comes
/// before <c>quay.io</c>; when no key matches, an image on Docker Hub gets the <c>index.docker.io</c> entry.
/// </summary>
public sealed class DockerKeyring
{
    private const string DefaultRegistryHost = "index.docker.io";

    private readonly Dictionary<string, List<RegistryCredential>> _byKey = new(StringComparer.Ordinal);
    private readonly string[] _index;

    private DockerKeyring(IEnumerable<(string Key, RegistryCredential Credential)> entries)
    {
        foreach (var (location, credential) in entries)
        {
            var key = KeyOf(location);
            if (!_byKey.TryGetValue(key, out var list))
            {
                _byKey[key] = list = [];
            }

            list.Add(credential);
        }

        _index = [.. _byKey.Keys.OrderDescending(StringComparer.Ordinal)];
    }

    /// <summary>A keyring without credentials.</summary>
    public static DockerKeyring Empty { get; } = new([]);

    /// <summary>True when the keyring holds no credential.</summary>
    public bool IsEmpty => _byKey.Count == 0;

    /// <summary>A keyring of these entries (keys as a Docker config writes them).</summary>
    public static DockerKeyring From(IEnumerable<(string Key, RegistryCredential Credential)> entries) => new(entries);

    /// <summary>
    /// Every credential for the repository (<c>host/path</c>, no tag: the kubelet's <c>repoToPull</c>), most specific
    /// key first; empty when none applies.
    /// </summary>
    public IReadOnlyList<RegistryCredential> Lookup(string repository)
    {
        var found = new List<RegistryCredential>();
        foreach (var key in _index)
        {
            if (RegistryUrl.Matches(key, repository))
            {
                found.AddRange(_byKey[key]);
            }
        }

        if (found.Count == 0 && IsDefaultRegistryMatch(repository) && _byKey.TryGetValue(DefaultRegistryHost, out var hub))
        {
            found.AddRange(hub);
        }

        return found;
    }

    /// <summary>The repository the kubelet looks credentials up for: the image normalized, without tag or digest.</summary>
    public static string RepositoryOf(string image)
    {
        var reference = ImageReference.Parse(image);
        return $"{reference.Domain}/{reference.Path}";
    }

    /// <summary>keyring.go <c>isDefaultRegistryMatch</c>: the first component names no host (no dot or colon), or is Docker Hub.</summary>
    private static bool IsDefaultRegistryMatch(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? image : image[..slash];
        if (first.Length == 0)
        {
            return false;
        }

        return slash < 0 || first is "docker.io" or DefaultRegistryHost || first.IndexOfAny(['.', ':']) < 0;
    }

    private static string KeyOf(string location)
    {
        var (host, path) = RegistryUrl.Split(location);

        // The docker client treats /v1/ and /v2/ as the bare host (its ResolveAuthConfig); the kubelet follows it.
        if (path.StartsWith("/v2/", StringComparison.Ordinal) || path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        return path.Length > 0 && path != "/" ? host + path : host;
    }
}
