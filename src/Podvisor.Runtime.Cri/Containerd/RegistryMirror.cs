namespace Podvisor.Runtime.Cri.Containerd;

/// <summary>
/// <c>--registry-mirror HOST=URL</c>: pulls of images on <paramref name="Host"/> go to <paramref name="Url"/>
/// (an <c>http://</c> URL is plain HTTP), keeping the repository path as containerd's <c>hosts.toml</c> does.
/// </summary>
internal sealed record RegistryMirror(string Host, Uri Url)
{
    public static bool TryParse(string text, out RegistryMirror? mirror, out string? error)
    {
        mirror = null;
        error = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var host = equals > 0 ? text[..equals].Trim() : string.Empty;
        var url = equals > 0 ? text[(equals + 1)..].Trim() : string.Empty;
        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"invalid registry mirror \"{text}\": expected HOST=URL, e.g. docker.io=http://127.0.0.1:5000";
            return false;
        }

        mirror = new RegistryMirror(host, uri);
        return true;
    }

    public override string ToString() => $"{Host}={Url.GetLeftPart(UriPartial.Authority)}";
}
