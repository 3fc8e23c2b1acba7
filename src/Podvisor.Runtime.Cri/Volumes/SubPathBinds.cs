using System.Globalization;
using Podvisor.Engine.Runtime;
using Podvisor.Platform;
using Podvisor.Runtime.Cri.Platform;

namespace Podvisor.Runtime.Cri.Volumes;

/// <summary>
/// The kubelet's safe subPath binds for a CRI runtime (subpath_linux.go, <c>PrepareSafeSubpath</c>): containerd binds the
/// host path it is given and follows links on the way, so a container that swapped a component of a checked subPath
/// for a link would send the bind to the host. Instead, the subPath is opened beneath its volume without following a
/// link, that descriptor (<c>/proc/self/fd/N</c>) is bound onto a target podvisor owns,
/// <c>ROOT/&lt;pod uid&gt;/&lt;container&gt;/&lt;mount index&gt;</c> (the kubelet's <c>volume-subpaths/…</c>), and containerd gets the
/// target, whose bind no longer depends on any path inside the volume.
/// </summary>
/// <remarks>
/// Targets live until the pod's sandbox is removed (<see cref="ReleasePod"/>); a restart re-binds the same target. Under
/// podvisor's own containerd, ROOT is inside the containerd directory, whose guard unmounts everything under it when
/// podvisor dies, so a SIGKILL leaves no bind behind.
/// </remarks>
internal sealed class SubPathBinds(string root)
{
    public string Root { get; } = root;

    /// <summary>
    /// The host path to give containerd for <paramref name="mount"/>: its own path when it is not a subPath, else a
    /// target bound to the file the subPath names inside its volume.
    /// </summary>
    /// <exception cref="ContainerStartException">The subPath cannot be reached inside its volume without a link, or the bind failed.</exception>
    public string HostPathOf(ContainerMount mount, string podUid, string container, int index)
    {
        if (mount.Beneath is not { } volume)
        {
            return mount.HostPath;
        }

        var fd = BeneathOpen.OpenPath(volume, mount.HostPath);
        if (fd < 0)
        {
            throw Failure(mount, $"open {mount.HostPath} beneath {volume}: {MountCalls.LastErrorText()}");
        }

        try
        {
            var source = BeneathOpen.ProcPath(fd);
            var target = Path.Combine(Root, Segment(podUid), Segment(container), index.ToString(CultureInfo.InvariantCulture));
            PrepareTarget(mount, target, isDirectory: Directory.Exists(source));
            if (!MountCalls.Bind(source, target))
            {
                throw Failure(mount, $"bind {mount.HostPath} to {target}: {MountCalls.LastErrorText()}");
            }

            return target;
        }
        finally
        {
            BeneathOpen.Close(fd);
        }
    }

    /// <summary>
    /// Unmounts and removes every target of the pod. Nothing is deleted recursively: a target still mounted would
    /// lead the delete into the volume, so it fails and stays instead.
    /// </summary>
    public void ReleasePod(string podUid)
    {
        if (podUid.Length == 0 || podUid is "." or ".." || podUid.Contains('/', StringComparison.Ordinal))
        {
            return;
        }

        var pod = Path.Combine(Root, podUid);
        if (!Directory.Exists(pod))
        {
            return;
        }

        foreach (var container in Directory.EnumerateDirectories(pod))
        {
            foreach (var target in Directory.EnumerateFileSystemEntries(container))
            {
                if (MountCalls.Unmount(target))
                {
                    TryRemove(target);
                }
            }

            TryRemove(container);
        }

        TryRemove(pod);
    }

    /// <summary>An empty directory or file to bind onto, of the source's kind; an earlier instance's bind there is undone first.</summary>
    private static void PrepareTarget(ContainerMount mount, string target, bool isDirectory)
    {
        if (!MountCalls.Unmount(target))
        {
            throw Failure(mount, $"unmount {target}: {MountCalls.LastErrorText()}");
        }

        try
        {
            if (File.Exists(target) && isDirectory)
            {
                File.Delete(target);
            }
            else if (Directory.Exists(target) && !isDirectory)
            {
                Directory.Delete(target, recursive: false);
            }

            // A target is always ROOT/uid/container/index: it has a parent.
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (isDirectory)
            {
                Directory.CreateDirectory(target);
            }
            else if (!File.Exists(target))
            {
                File.Create(target).Dispose();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(mount, $"create {target}: {ex.Message}");
        }
    }

    private static void TryRemove(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: false);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Still mounted or not empty: left in place rather than deleted through.
        }
    }

    /// <summary>A uid or container name as one path component; validation should have refused anything else.</summary>
    private static string Segment(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal)
            ? name
            : throw new ContainerStartException($"cannot use \"{name}\" as a directory name for subPath binds");

    private static ContainerStartException Failure(ContainerMount mount, string reason) =>
        new($"failed to prepare subPath for the volume mounted at \"{mount.ContainerPath}\": {reason}");
}
