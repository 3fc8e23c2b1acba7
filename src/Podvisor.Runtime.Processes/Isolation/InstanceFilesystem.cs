using Podvisor.Engine.Runtime;
using Podvisor.Engine.Volumes;
using Podvisor.Runtime.Processes.Platform;

namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>What must exist on the host before an isolated instance starts: its private /tmp and every bind source.</summary>
internal static class InstanceFilesystem
{
    public static void Prepare(ContainerLaunch launch, MountTable mounts, string startErrorPrefix)
    {
        if (launch.ScratchDirectory is { } scratch)
        {
            CreatePrivateTmp(scratch, startErrorPrefix);
        }

        CreateMissingSources(launch.ContainerId, mounts);
    }

    /// <summary>As containerd's CRI plugin does: a bind source that does not exist is created as a directory (0755).</summary>
    private static void CreateMissingSources(string containerId, MountTable mounts)
    {
        foreach (var mount in mounts.Mounts.Where(m => HostFileTypes.KindOf(m.HostPath) == HostPathKind.Missing))
        {
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(mount.HostPath);
                }
                else
                {
                    Directory.CreateDirectory(mount.HostPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var reason = ex is UnauthorizedAccessException ? "permission denied" : ex.Message;
                throw new ContainerStartException(
                    $"failed to generate container \"{containerId}\" spec: failed to generate spec: failed to mkdir \"{mount.HostPath}\": mkdir {mount.HostPath}: {reason}", ex);
            }
        }
    }

    private static void CreatePrivateTmp(string scratch, string startErrorPrefix)
    {
        try
        {
            var tmp = Directory.CreateDirectory(Path.Combine(scratch, "tmp"));

            // As an image's /tmp: everyone may create files, only owners may remove them.
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            tmp.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.StickyBit;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ContainerStartException($"{startErrorPrefix}error creating the container's /tmp in {scratch}: {ex.Message}: unknown", ex);
        }
    }
}
