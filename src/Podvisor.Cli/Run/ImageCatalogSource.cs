using Podvisor.Engine.Images;

namespace Podvisor.Cli.Run;

/// <summary>Finds and loads the image catalog: <c>--images FILE</c>, else <c>./images.yaml</c>, else one next to the executable.</summary>
internal static class ImageCatalogSource
{
    public const string DefaultFileName = "images.yaml";

    /// <exception cref="IOException">An explicit catalog file does not exist or cannot be read.</exception>
    public static IImageCatalog Load(string? explicitPath)
    {
        if (explicitPath is not null && !File.Exists(explicitPath))
        {
            throw new FileNotFoundException($"the image catalog \"{explicitPath}\" does not exist", explicitPath);
        }

        var path = Locate(explicitPath, Directory.GetCurrentDirectory(), AppContext.BaseDirectory, File.Exists);
        return path is null ? ImageCatalog.Empty : ImageCatalog.Load(path);
    }

    /// <summary>The catalog file to use, or null for none.</summary>
    public static string? Locate(string? explicitPath, string currentDirectory, string baseDirectory, Func<string, bool> exists)
    {
        if (explicitPath is not null)
        {
            return explicitPath;
        }

        // The project's own catalog wins over the one shipped with podvisor.
        return new[] { Path.Combine(currentDirectory, DefaultFileName), Path.Combine(baseDirectory, DefaultFileName) }
            .FirstOrDefault(exists);
    }
}
