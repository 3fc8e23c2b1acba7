using Podvisor.Engine.Admission;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Cli.Workloads;

/// <summary>
/// Splits manifests into single objects for the in-process API server, and decides whether a run needs it at all:
/// only when a document is a kind the pod engine alone cannot run (a Deployment, ReplicaSet or Service). Pod-only
/// runs never come here twice: <see cref="NeedsServer"/> is a cheap scan, and they keep their own path.
/// </summary>
internal static partial class WorkloadDocuments
{
    /// <summary>The kinds that need the API server's controllers or proxy.</summary>
    public static readonly IReadOnlySet<string> ServerKinds = new HashSet<string>(StringComparer.Ordinal) { "Deployment", "ReplicaSet", "Service" };

    private const string Supported = "only Pod, ConfigMap, Secret, Service, Deployment and ReplicaSet when a file holds a Deployment, ReplicaSet or Service";

    public static bool NeedsServer(IReadOnlyList<ManifestSource> sources)
    {
        foreach (var source in sources)
        {
            // Most files name none of these kinds anywhere: no second YAML parse for them.
            if (!ServerKindMention().IsMatch(source.Content))
            {
                continue;
            }

            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(source.Content));
                if (stream.Documents.Any(d => d.RootNode is YamlMappingNode map && Text(map, "kind") is { } kind && ServerKinds.Contains(kind)))
                {
                    return true;
                }
            }
            catch (YamlException)
            {
                // The pod path reports the syntax error with its position, as it always has.
            }
        }

        return false;
    }

    /// <summary>Every object, in creation order; <paramref name="errors"/> gets one line per document that cannot be sent.</summary>
    public static IReadOnlyList<WorkloadDocument> Split(IReadOnlyList<ManifestSource> sources, List<string> errors)
    {
        var documents = new List<WorkloadDocument>();
        foreach (var source in sources)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(source.Content));
            }
            catch (YamlException e)
            {
                errors.Add($"{source.DisplayName}:{e.Start.Line}:{e.Start.Column}: {e.Message}");
                continue;
            }

            for (var i = 0; i < stream.Documents.Count; i++)
            {
                var root = stream.Documents[i].RootNode;
                if (root is YamlScalarNode { Value: null or "" or "~" or "null" })
                {
                    continue;
                }

                var origin = stream.Documents.Count > 1 ? $"{source.DisplayName}: document {i + 1}" : source.DisplayName;
                if (root is not YamlMappingNode map)
                {
                    errors.Add($"{origin}: expected a Kubernetes object (a mapping with apiVersion and kind)");
                    continue;
                }

                var apiVersion = Text(map, "apiVersion");
                var kind = Text(map, "kind");
                if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
                {
                    var missing = new[] { string.IsNullOrEmpty(apiVersion) ? "apiVersion not set" : null, string.IsNullOrEmpty(kind) ? "kind not set" : null };
                    errors.Add($"{origin}: error validating data: [{string.Join(", ", missing.OfType<string>())}]");
                    continue;
                }

                var metadata = map.Children.TryGetValue(new YamlScalarNode("metadata"), out var node) ? node as YamlMappingNode : null;
                var document = new WorkloadDocument(
                    origin, apiVersion, kind,
                    (metadata is null ? null : Text(metadata, "namespace")) is { Length: > 0 } ns ? ns : "default",
                    (metadata is null ? null : Text(metadata, "name")) ?? string.Empty,
                    Serialize(root));
                if (document.CollectionPath is null)
                {
                    errors.Add($"{origin}: kind \"{kind}\" in version \"{apiVersion}\" is not supported ({Supported})");
                    continue;
                }

                documents.Add(document);
            }
        }

        return [.. documents.Select((d, i) => (d, i)).OrderBy(x => x.d.Rank).ThenBy(x => x.i).Select(x => x.d)];
    }

    private static string Serialize(YamlNode root)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string? Text(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"kind[""']?\s*:\s*[""']?(Deployment|ReplicaSet|Service)\b")]
    private static partial System.Text.RegularExpressions.Regex ServerKindMention();
}
