namespace Podvisor.Engine.Admission;

/// <summary>Turns command-line arguments (files, directories, <c>-</c>) into manifest sources.</summary>
internal static class ManifestReader
{
    /// <summary>Reads each argument; a directory yields its *.yaml, *.yml and *.json files in name order.</summary>
    /// <exception cref="IOException">A path does not exist or cannot be read; the message names it.</exception>
    public static IReadOnlyList<ManifestSource> Read(IReadOnlyList<string> arguments, TextReader standardInput) =>
        throw new NotImplementedException($"{arguments} {standardInput}");
}
