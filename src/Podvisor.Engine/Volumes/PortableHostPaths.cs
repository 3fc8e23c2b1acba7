namespace Podvisor.Engine.Volumes;

/// <summary>Directories and "files" through .NET alone: every non-directory counts as a regular file.</summary>
internal sealed class PortableHostPaths : IHostPaths
{
    public static readonly PortableHostPaths Instance = new();

    public HostPathKind KindOf(string path) =>
        Directory.Exists(path) ? HostPathKind.Directory : File.Exists(path) ? HostPathKind.File : HostPathKind.Missing;
}
