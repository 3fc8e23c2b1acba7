namespace Podvisor.Engine.Volumes;

/// <summary>What is at a host path, following symlinks, as the kubelet's <c>hostutil.GetFileType</c> tells it.</summary>
public enum HostPathKind
{
    /// <summary>Nothing is there.</summary>
    Missing,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A regular file.</summary>
    File,
    /// <summary>A UNIX socket.</summary>
    Socket,
    /// <summary>A character device.</summary>
    CharDevice,
    /// <summary>A block device.</summary>
    BlockDevice,
    /// <summary>Something else, such as a FIFO.</summary>
    Other,
}
