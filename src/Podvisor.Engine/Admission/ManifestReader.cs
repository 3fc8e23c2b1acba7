namespace Podvisor.Engine.Admission;

/// <summary>Turns command-line arguments (files, directories, <c>-</c>) into manifest sources.</summary>
internal static class ManifestReader
{
    public const string StandardInputName = "-";
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    /// <summary>Reads each argument; a directory yields its *.yaml, *.yml and *.json files in name order.</summary>
    /// <exception cref="IOException">A path does not exist or cannot be read; the message names it.</exception>
    public static IReadOnlyList<ManifestSource> Read(IReadOnlyList<string> arguments, TextReader standardInput)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(standardInput);
        var sources = new List<ManifestSource>();
        foreach (var argument in arguments)
        {
            if (argument == StandardInputName)
            {
                sources.Add(new ManifestSource(StandardInputName, standardInput.ReadToEnd()));
            }
            else if (Directory.Exists(argument))
            {
                // Like kubectl -f DIR: not recursive, in name order so runs are reproducible.
                var files = Directory.EnumerateFiles(argument)
                    .Where(f => ManifestExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                sources.AddRange(files.Select(f => new ManifestSource(f, ReadFile(f))));
            }
            else if (File.Exists(argument))
            {
                sources.Add(new ManifestSource(argument, ReadFile(argument)));
            }
            else
            {
                // kubectl's wording: error: the path "x.yaml" does not exist
                throw new FileNotFoundException($"the path \"{argument}\" does not exist", argument);
            }
        }

        return sources;
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"the path \"{path}\" cannot be read: {e.Message}", e);
        }
    }
}
