namespace Podvisor.Engine.Volumes;

/// <summary>
/// Resolves a volumeMount's subPath inside its volume the way the kubelet does before it binds one
/// (pkg/volume/util/subpath/subpath_linux.go, PrepareSafeSubpath: evaluate every symlink, then refuse a
/// result outside the volume): a container can make a symlink in an emptyDir, and without this the host
/// would bind whatever it points at. Missing directories are created inside the volume, never through a
/// link (SafeMakeDir). The caller binds the resolved path, not the one with links in it.
/// </summary>
/// <remarks>
/// The kubelet also holds an O_PATH descriptor of the result and binds /proc/self/fd/N so a container cannot
/// swap a component between the check and the bind. The mount carries the volume's directory
/// (<see cref="Runtime.ContainerMount.Beneath"/>) for the runtime to do the same: the process runtime's root mode
/// binds a descriptor opened beneath it without following links.
/// </remarks>
internal static class SubPathResolver
{
    /// <summary>Linux's MAXSYMLINKS: more hops than this is a loop.</summary>
    private const int MaxLinkHops = 40;

    /// <summary>The real host path of <paramref name="subPath"/> inside <paramref name="volumePath"/>, or null when it leads out.</summary>
    public static string? Resolve(string volumePath, string subPath, bool createMissing)
    {
        var root = Evaluate(Path.GetFullPath(volumePath), out _);
        if (root is null)
        {
            return null;
        }

        var candidate = Evaluate(Path.Combine(root, subPath), out var missingFrom);
        if (candidate is null || !IsWithin(candidate, root))
        {
            return null;
        }

        if (missingFrom is not null && createMissing)
        {
            // Every existing component was resolved and lies inside the volume: plain mkdir from there is safe
            // but for a link made meanwhile, which the re-check below catches.
            Directory.CreateDirectory(candidate);
            var again = Evaluate(candidate, out _);
            return again is not null && IsWithin(again, root) ? again : null;
        }

        return candidate;
    }

    /// <summary>The volume's directory with its links evaluated: what a resolved subPath lies within.</summary>
    public static string? VolumeRoot(string volumePath) => Evaluate(Path.GetFullPath(volumePath), out _);

    private static bool IsWithin(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>
    /// filepath.EvalSymlinks over an absolute path, one component at a time; a missing component ends the
    /// evaluation (the rest is appended as is) and is reported in <paramref name="missingFrom"/>.
    /// </summary>
    private static string? Evaluate(string path, out string? missingFrom)
    {
        missingFrom = null;
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }

            var next = Path.Join(resolved, segment);
            var info = new FileInfo(next);
            if (!info.Exists && !Directory.Exists(next) && info.LinkTarget is null)
            {
                missingFrom = next;
                // What is left cannot be links (it does not exist), but a ".." from a link's target could climb out.
                return pending.Contains("..") ? null : Path.Join([next, .. pending.Where(p => p != ".")]);
            }

            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    return null;
                }

                foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(part);
                }

                if (target.StartsWith('/'))
                {
                    resolved = "/";
                }

                continue;
            }

            resolved = next;
        }

        return resolved;
    }
}
