using k8s.Models;
using Podvisor.Engine.Images;

namespace Podvisor.Engine.Lint;

/// <summary>
/// Image facts for the process runtime: an image is a catalog entry, and an exec in its container runs a host
/// program found on the container's PATH (the container's <c>env</c>, else the image's, else runc's default), as
/// the runtime's executable resolver does. An image outside the catalog is unknown: nothing is claimed about it.
/// </summary>
public sealed class CatalogImageFacts(IImageCatalog catalog, Func<string, bool> isExecutableFile) : IImageFacts
{
    /// <summary>The PATH runc gives a process whose environment has none (Docker's default).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Facts from the catalog, checking executables on this machine's file system.</summary>
    public static CatalogImageFacts OnThisMachine(IImageCatalog catalog) => new(catalog, IsExecutableFile);

    /// <inheritdoc/>
    public (IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd)? Command(string image) =>
        catalog.Find(image) is { } config ? (config.Entrypoint, config.Cmd) : null;

    /// <inheritdoc/>
    public bool? HasExecutable(V1Container container, string program)
    {
        if (catalog.Find(container.Image ?? string.Empty) is not { } image)
        {
            return null;
        }

        var workingDirectory = string.IsNullOrEmpty(container.WorkingDir) ? image.WorkingDir : container.WorkingDir;
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return program.StartsWith('/') ? isExecutableFile(program)
                : workingDirectory is null ? null : isExecutableFile(Path.Combine(workingDirectory, program));
        }

        // An env entry with valueFrom has no literal value: the PATH is then not known.
        var fromContainer = container.Env?.LastOrDefault(e => e.Name == "PATH");
        if (fromContainer is { Value: null })
        {
            return null;
        }

        var path = fromContainer?.Value ?? image.Env.LastOrDefault(e => e.Key == "PATH").Value ?? DefaultPath;
        var directories = path.Split(':');
        if (directories.Any(directory => directory.Length > 0 && isExecutableFile(Path.Combine(directory, program))))
        {
            return true;
        }

        // An empty entry means the working directory, which is not looked at here.
        return directories.Any(directory => directory.Length == 0) ? null : false;
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path) || OperatingSystem.IsWindows())
        {
            return File.Exists(path);
        }

        return (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
