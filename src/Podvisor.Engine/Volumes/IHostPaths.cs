namespace Podvisor.Engine.Volumes;

/// <summary>
/// Tells what a host path is. A runtime that can stat the host implements it; otherwise the engine
/// falls back to <see cref="PortableHostPaths"/>, which cannot tell a socket or device from a file.
/// </summary>
public interface IHostPaths
{
    /// <summary>What is at <paramref name="path"/>, symlinks followed.</summary>
    HostPathKind KindOf(string path);

    /// <summary>
    /// rename(2) of <paramref name="source"/> over <paramref name="destination"/>, replacing it in one step: how the
    /// atomic writer swaps a projected volume's <c>..data</c> symlink. .NET's File.Move refuses a symlink to a
    /// directory, so without a runtime that can call rename(2) the portable fallback deletes, then moves: a reader
    /// may then find <c>..data</c> missing for an instant.
    /// </summary>
    void RenameOver(string source, string destination)
    {
        if (Path.Exists(destination) || new FileInfo(destination).LinkTarget is not null)
        {
            File.Delete(destination);
        }

        Directory.Move(source, destination);
    }
}
