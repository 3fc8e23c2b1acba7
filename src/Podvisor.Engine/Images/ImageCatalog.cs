using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Images;

/// <summary>
/// The image catalog file (<c>images.yaml</c>): what each image reference runs, standing in for the
/// image configs a registry would serve. References are normalized as Docker does, and arguments
/// starting with <c>./</c> resolve against the catalog's own directory so a shipped catalog works
/// from any working directory.
/// </summary>
public sealed class ImageCatalog : IImageCatalog
{
    private const string RelativePrefix = "./";
    private static readonly string[] EntryFields = ["entrypoint", "cmd", "env", "workingDir", "stopSignal"];

    private readonly Dictionary<string, ImageConfig> _images;

    private ImageCatalog(Dictionary<string, ImageConfig> images) => _images = images;

    /// <summary>No catalog: every image is unknown.</summary>
    public static ImageCatalog Empty { get; } = new([]);

    /// <summary>The configs by normalized reference (<c>docker.io/library/nginx:latest</c>).</summary>
    public IReadOnlyCollection<ImageConfig> Images => _images.Values;

    /// <inheritdoc/>
    public ImageConfig? Find(string image) =>
        string.IsNullOrWhiteSpace(image) ? null : _images.GetValueOrDefault(ImageReference.Normalize(image));

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The catalog is malformed; the message names the file and every bad entry.</exception>
    public static ImageCatalog Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        return Parse(File.ReadAllText(fullPath), path, Path.GetDirectoryName(fullPath) ?? fullPath);
    }

    /// <param name="displayName">The file name used in error messages.</param>
    /// <param name="baseDirectory">Where <c>./</c> paths resolve.</param>
    public static ImageCatalog Parse(string content, string displayName, string baseDirectory)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{displayName}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }

        var errors = new List<string>();
        var images = new Dictionary<string, ImageConfig>(StringComparer.Ordinal);
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        var entries = root is not null && root.Children.TryGetValue(new YamlScalarNode("images"), out var node) ? node as YamlMappingNode : null;
        if (entries is null)
        {
            throw new InvalidDataException($"{displayName}: expected a mapping \"images\" of image references to image configs");
        }

        foreach (var (keyNode, valueNode) in entries.Children)
        {
            var reference = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var entry = new CatalogEntryReader(displayName, reference, baseDirectory, errors);
            if (string.IsNullOrWhiteSpace(reference))
            {
                entry.Error("an image reference is required");
                continue;
            }

            var config = entry.Read(valueNode, ImageReference.Normalize(reference));
            if (config is not null && !images.TryAdd(config.Name, config))
            {
                entry.Error($"the same image as another entry ({config.Name})");
            }
        }

        return errors.Count == 0 ? new ImageCatalog(images) : throw new InvalidDataException(string.Join(Environment.NewLine, errors));
    }

    /// <summary>Reads one entry, collecting errors that name the file and the entry.</summary>
    private sealed class CatalogEntryReader(string file, string reference, string baseDirectory, List<string> errors)
    {
        public void Error(string message) => errors.Add($"{file}: image {ImageConfigQuote(reference)}: {message}");

        public ImageConfig? Read(YamlNode node, string name)
        {
            if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                return new ImageConfig(name, [], [], [], null, null);
            }

            if (node is not YamlMappingNode mapping)
            {
                Error("expected a mapping of entrypoint, cmd, env, workingDir, stopSignal");
                return null;
            }

            var before = errors.Count;
            foreach (var key in mapping.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? string.Empty))
            {
                if (!EntryFields.Contains(key, StringComparer.Ordinal))
                {
                    Error($"unknown field \"{key}\"");
                }
            }

            var config = new ImageConfig(
                name,
                Strings(mapping, "entrypoint").Select(Resolve).ToList(),
                Strings(mapping, "cmd").Select(Resolve).ToList(),
                Env(mapping),
                Scalar(mapping, "workingDir") is { } dir ? Resolve(dir) : null,
                Scalar(mapping, "stopSignal"),
                _resolvedRelative ? Path.GetFullPath(baseDirectory) : null);
            return errors.Count == before ? config : null;
        }

        private bool _resolvedRelative;

        private string Resolve(string value)
        {
            if (!value.StartsWith(RelativePrefix, StringComparison.Ordinal))
            {
                return value;
            }

            _resolvedRelative = true;
            return Path.GetFullPath(Path.Combine(baseDirectory, value[RelativePrefix.Length..]));
        }

        private List<string> Strings(YamlMappingNode mapping, string field)
        {
            if (!mapping.Children.TryGetValue(new YamlScalarNode(field), out var node) || node is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                return [];
            }

            if (node is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode))
            {
                return sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? string.Empty).ToList();
            }

            Error($"{field}: expected a list of strings");
            return [];
        }

        private List<KeyValuePair<string, string>> Env(YamlMappingNode mapping)
        {
            if (!mapping.Children.TryGetValue(new YamlScalarNode("env"), out var node) || node is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                return [];
            }

            if (node is YamlMappingNode env && env.Children.All(c => c.Key is YamlScalarNode && c.Value is YamlScalarNode))
            {
                // Mapping order is the file's order: the image's environment keeps it.
                return env.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, ((YamlScalarNode)c.Value).Value ?? string.Empty)).ToList();
            }

            Error("env: expected a mapping of names to string values");
            return [];
        }

        private string? Scalar(YamlMappingNode mapping, string field)
        {
            if (!mapping.Children.TryGetValue(new YamlScalarNode(field), out var node))
            {
                return null;
            }

            if (node is YamlScalarNode scalar)
            {
                return string.IsNullOrEmpty(scalar.Value) ? null : scalar.Value;
            }

            Error($"{field}: expected a string");
            return null;
        }

        private static string ImageConfigQuote(string value) => $"\"{value}\"";
    }
}
