using System.Text;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Decoding;

namespace Podvisor.Cli.Manifests;

/// <summary>Turns command-line arguments (files, directories, <c>-</c>) into manifest sources.</summary>
internal static class ManifestReader
{
    public const string StandardInputName = "-";
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

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
                sources.Add(new ManifestSource(StandardInputName, ReadBounded(standardInput, StandardInputName)));
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
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            // Read at most one byte past the cap, whatever the file claims to be (/dev/zero has no length).
            var buffer = new byte[64 * 1024];
            using var content = new MemoryStream();
            int read;
            while ((read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, ManifestLimits.MaxSourceBytes + 1 - content.Length))) > 0)
            {
                content.Write(buffer, 0, read);
                if (content.Length > ManifestLimits.MaxSourceBytes)
                {
                    throw TooLarge(path);
                }
            }

            return DecodeUtf8(content.GetBuffer().AsSpan(0, (int)content.Length), path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"the path \"{path}\" cannot be read: {e.Message}", e);
        }
    }

    private static string ReadBounded(TextReader reader, string name)
    {
        var buffer = new char[64 * 1024];
        var content = new StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            content.Append(buffer, 0, read);
            if (content.Length > ManifestLimits.MaxSourceBytes)
            {
                throw TooLarge(name);
            }
        }

        return content.ToString();
    }

    /// <summary>YAML is UTF-8 (go-yaml refuses anything else); replacing bad bytes with U+FFFD would change names and values unseen.</summary>
    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new IOException($"the path \"{path}\" is not valid UTF-8 (invalid byte at offset {e.Index})", e);
        }
    }

    private static IOException TooLarge(string path) =>
        new($"the path \"{path}\" is larger than the {ManifestLimits.MaxSourceBytes / (1024 * 1024)} MiB a manifest may have");
}
