namespace Podvisor.Engine.Images.Credentials;

/// <summary>
/// keyring.go's schemeless URL helpers (<c>ParseSchemelessURL</c>, <c>SplitURL</c>, <c>URLsMatch</c>) on the parts the
/// keyring uses: host (with any port) and path.
/// </summary>
internal static class RegistryUrl
{
    /// <summary>Host and path (with its leading slash, or empty) of a key or image, with any http(s) scheme dropped.</summary>
    public static (string Host, string Path) Split(string location)
    {
        var rest = location;
        foreach (var scheme in (string[])["https://", "http://"])
        {
            if (rest.StartsWith(scheme, StringComparison.Ordinal))
            {
                rest = rest[scheme.Length..];
                break;
            }
        }

        // A query or fragment is not part of the path url.Parse gives.
        var end = rest.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            rest = rest[..end];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (rest, string.Empty) : (rest[..slash], rest[slash..]);
    }

    /// <summary>
    /// <c>URLsMatch</c>: same port, as many host parts, the key's path a prefix of the target's (as plain strings, so
    /// <c>/team</c> also covers <c>/teammates</c>), and each host part matching the key's as a glob.
    /// </summary>
    public static bool Matches(string key, string target)
    {
        var (globHost, globPath) = Split(key);
        var (targetHost, targetPath) = Split(target);
        var (globParts, globPort) = HostParts(globHost);
        var (targetParts, targetPort) = HostParts(targetHost);
        if (globPort != targetPort || globParts.Length != targetParts.Length || !targetPath.StartsWith(globPath, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < globParts.Length; i++)
        {
            if (!Glob(globParts[i], targetParts[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>SplitURL</c>: a host without a port (or one net.SplitHostPort rejects) keeps an empty port.</summary>
    private static (string[] Parts, string Port) HostParts(string host)
    {
        var colon = host.LastIndexOf(':');
        var (name, port) = colon > 0 && !host[..colon].Contains(':', StringComparison.Ordinal)
            ? (host[..colon], host[(colon + 1)..])
            : (host, string.Empty);
        return (name.Split('.'), port);
    }

    /// <summary>Go's <c>filepath.Match</c> for what a host part can hold: <c>*</c> (any run) and <c>?</c> (one character).</summary>
    private static bool Glob(string pattern, string text)
    {
        if (pattern.Length == 0)
        {
            return text.Length == 0;
        }

        if (pattern[0] == '*')
        {
            for (var skip = 0; skip <= text.Length; skip++)
            {
                if (Glob(pattern[1..], text[skip..]))
                {
                    return true;
                }
            }

            return false;
        }

        return text.Length > 0 && (pattern[0] == '?' || pattern[0] == text[0]) && Glob(pattern[1..], text[1..]);
    }
}
