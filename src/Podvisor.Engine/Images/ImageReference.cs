namespace Podvisor.Engine.Images;

/// <summary>
/// An image reference split as Docker's distribution/reference does, so <c>nginx</c>,
/// <c>library/nginx</c>, <c>nginx:latest</c> and <c>docker.io/library/nginx:latest</c> are one image.
/// </summary>
/// <param name="Tag">The tag as written; null when there is none (then <see cref="ToString"/> shows <c>latest</c> unless pinned by digest).</param>
internal readonly record struct ImageReference(string Domain, string Path, string? Tag, string? Digest)
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    private const string LegacyDefaultDomain = "index.docker.io";
    private const string OfficialRepositoryPrefix = "library/";

    /// <summary>The fully qualified form containerd reports in a container status' <c>image</c>.</summary>
    public static string Normalize(string image) => Parse(image).ToString();

    public static ImageReference Parse(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        var name = image.Trim();
        string? digest = null;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
        }

        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
        }

        // The first component is a registry only if it looks like a host (splitDockerDomain).
        var domain = DefaultDomain;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = name[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                domain = first == LegacyDefaultDomain ? DefaultDomain : first;
                name = name[(slash + 1)..];
            }
        }

        if (domain == DefaultDomain && !name.Contains('/', StringComparison.Ordinal))
        {
            name = OfficialRepositoryPrefix + name;
        }

        return new ImageReference(domain, name, tag, digest);
    }

    /// <summary>Whether the effective tag is <c>latest</c>, which makes the API default <c>imagePullPolicy: Always</c>.</summary>
    public bool IsLatest => Tag == DefaultTag || (Tag is null && Digest is null);

    public override string ToString()
    {
        var tag = Tag ?? (Digest is null ? DefaultTag : null);
        return $"{Domain}/{Path}{(tag is null ? string.Empty : ":" + tag)}{(Digest is null ? string.Empty : "@" + Digest)}";
    }
}
