namespace Podvisor.Engine.Volumes;

/// <summary>What is at a host path, following symlinks, as the kubelet's <c>hostutil.GetFileType</c> tells it.</summary>
public enum HostPathKind
{
    Missing,
    Directory,
    File,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}
