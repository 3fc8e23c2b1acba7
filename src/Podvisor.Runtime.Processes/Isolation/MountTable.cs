using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>
/// A container's binds in the order they are made (a parent before what is mounted inside it), and the
/// container-to-host path translation that lets podvisor check a command or working directory the way
/// the container will see it.
/// </summary>
internal sealed class MountTable
{
    public const string PrivateTmp = "/tmp";

    private MountTable(IReadOnlyList<ContainerMount> mounts) => Mounts = mounts;

    public static MountTable Empty { get; } = new([]);

    public IReadOnlyList<ContainerMount> Mounts { get; }

    /// <summary>
    /// The binds as the setup makes them, so that no source is hidden before it is bound: a mount nested
    /// in another is first bound onto its place inside the outer mount's host source (deepest first),
    /// then each outermost mount is bound recursively onto its container path, carrying the nested ones.
    /// Outermost mounts that hide other sources (a /tmp over a state directory in /tmp) go last.
    /// </summary>
    public IReadOnlyList<MountStep> Steps()
    {
        var nested = new List<MountStep>();
        var outermost = new List<ContainerMount>();
        for (var i = Mounts.Count - 1; i >= 0; i--)
        {
            var mount = Mounts[i];
            var outer = Mounts.Take(i).LastOrDefault(o => Covers(o.ContainerPath, mount.ContainerPath));
            if (outer is null)
            {
                outermost.Add(mount);
            }
            else
            {
                nested.Add(new MountStep(mount.HostPath, ToHost(mount.ContainerPath, Mounts.Take(i).ToList()), mount.ContainerPath, mount.ReadOnly, mount.Beneath));
            }
        }

        var sources = Mounts.Select(m => m.HostPath).ToList();
        nested.AddRange(outermost
            .OrderBy(m => sources.Count(source => source != m.HostPath && Covers(m.ContainerPath, source)))
            .Select(m => new MountStep(m.HostPath, m.ContainerPath, m.ContainerPath, m.ReadOnly, m.Beneath)));
        return nested;
    }

    /// <summary>
    /// The instance's private <c>/tmp</c> (created under its scratch directory, unless a volume is mounted
    /// at /tmp) followed by the launch's volumes, shallowest first, spec order among equals. An image
    /// whose files live under the host's /tmp (podvisor published there) keeps them: they stand for the
    /// image's filesystem, which a container's /tmp never hides.
    /// </summary>
    public static MountTable For(ContainerLaunch launch)
    {
        var volumes = (launch.Mounts ?? []).Select(m => m with { ContainerPath = Normalize(m.ContainerPath) }).ToList();
        var all = new List<ContainerMount>();
        if (launch.ScratchDirectory is { } scratch && !volumes.Any(m => m.ContainerPath == PrivateTmp))
        {
            all.Add(new ContainerMount(PrivateTmp, Path.Combine(scratch, "tmp"), ReadOnly: false));
            if (launch.ImageDirectory is { } image && Covers(PrivateTmp, Normalize(image)) && !volumes.Any(m => m.ContainerPath == Normalize(image)))
            {
                all.Add(new ContainerMount(Normalize(image), Normalize(image), ReadOnly: false));
            }
        }

        all.AddRange(volumes);
        return new MountTable(all.OrderBy(m => Depth(m.ContainerPath)).ToList());
    }

    /// <summary>Where <paramref name="containerPath"/> lives on the host: under the deepest bind that covers it, else itself.</summary>
    public string ToHost(string containerPath) => ToHost(containerPath, Mounts);

    private static string ToHost(string containerPath, IReadOnlyList<ContainerMount> mounts)
    {
        if (mounts.Count == 0 || !containerPath.StartsWith('/'))
        {
            return containerPath;
        }

        var path = Normalize(containerPath);
        for (var i = mounts.Count - 1; i >= 0; i--)
        {
            var mount = mounts[i];
            if (path == mount.ContainerPath)
            {
                return mount.HostPath;
            }

            if (Covers(mount.ContainerPath, path))
            {
                var rest = path[(mount.ContainerPath.Length + (mount.ContainerPath == "/" ? 0 : 1))..];
                return Path.Combine(mount.HostPath, rest);
            }
        }

        return path;
    }

    /// <summary>True when <paramref name="path"/> lies strictly inside <paramref name="outer"/>.</summary>
    private static bool Covers(string outer, string path) =>
        path.StartsWith(outer == "/" ? "/" : outer + "/", StringComparison.Ordinal) && path.Length > outer.Length;

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private static int Depth(string path) => path.Count(c => c == '/');
}
