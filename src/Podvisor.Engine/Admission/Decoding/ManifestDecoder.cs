using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Turns manifest text (YAML, multi-document, or JSON) into pods: <c>kind: Pod</c>, and the pods in a
/// <c>List</c> or <c>PodList</c>. Decoding is strict like the apiserver's field validation; every
/// problem becomes one message naming the file (and line where there is one).
/// </summary>
internal static partial class ManifestDecoder
{
    /// <summary>Pods nest about 12 levels; free-form fields (managedFields) can go deeper.</summary>
    private const int DeepDocument = 64;

    /// <summary>Reserved, not committed: only the pages a deep document touches are used.</summary>
    private const int DeepDocumentStackBytes = 512 * 1024 * 1024;

    public static void Decode(ManifestSource source, List<DecodedPod> pods, List<string> errors)
    {
        if (source.Content.Length > ManifestLimits.MaxSourceBytes)
        {
            errors.Add($"{source.DisplayName}: the input is larger than {ManifestLimits.MaxSourceBytes / (1024 * 1024)} MiB");
            return;
        }

        if (ManifestShapeCheck.Check(source.Content, out var depth) is var (start, problem))
        {
            errors.Add($"{source.DisplayName}:{start.Line}:{start.Column}: {problem}");
            return;
        }

        if (depth <= DeepDocument)
        {
            DecodeWithinLimits(source, pods, errors);
            return;
        }

        // YamlDotNet's node loader, writer and deserializer recurse once per level: up to the apiserver's 10000
        // levels need more stack than a thread-pool thread has, so a deep document gets its own thread.
        var thread = new Thread(() => DecodeWithinLimits(source, pods, errors), DeepDocumentStackBytes) { Name = "deep manifest decode" };
        thread.Start();
        thread.Join();
    }

    private static void DecodeWithinLimits(ManifestSource source, List<DecodedPod> pods, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(source.Content));
        }
        catch (YamlException e)
        {
            errors.Add($"{source.DisplayName}:{e.Start.Line}:{e.Start.Column}: {WithoutMark(e)}");
            return;
        }

        var documents = stream.Documents;
        for (var i = 0; i < documents.Count; i++)
        {
            var root = documents[i].RootNode;
            if (root is YamlScalarNode scalar && SchemaChecker.Classify(scalar) == ScalarKind.Null)
            {
                continue; // an empty document, e.g. a trailing "---"
            }

            var origin = documents.Count > 1 ? $"{source.DisplayName}: document {i + 1}" : source.DisplayName;
            DecodeObject(root, origin, source.DisplayName, pods, errors);
        }
    }

    private static void DecodeObject(YamlNode root, string origin, string file, List<DecodedPod> pods, List<string> errors)
    {
        if (root is not YamlMappingNode mapping)
        {
            errors.Add($"{file}:{root.Start.Line}:{root.Start.Column}: expected a Kubernetes object (a mapping with apiVersion and kind)");
            return;
        }

        var apiVersion = Text(mapping, "apiVersion");
        var kind = Text(mapping, "kind");
        // kubectl's client-side validation words.
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            var missing = new[] { string.IsNullOrEmpty(apiVersion) ? "apiVersion not set" : null, string.IsNullOrEmpty(kind) ? "kind not set" : null };
            errors.Add($"{origin}: error validating data: [{string.Join(", ", missing.OfType<string>())}]");
            return;
        }

        switch (kind)
        {
            case "Pod" or "PodList" or "List" when apiVersion != "v1":
                errors.Add($"{origin}: no matches for kind {FieldError.Quote(kind)} in version {FieldError.Quote(apiVersion)}");
                break;
            case "Pod":
                DecodePod(mapping, string.Empty, origin, file, pods, errors);
                break;
            case "PodList" or "List":
                DecodeItems(mapping, kind, origin, file, pods, errors);
                break;
            default:
                errors.Add($"{origin}: kind {FieldError.Quote(kind)} is not supported (only Pod and List of pods)");
                break;
        }
    }

    private static void DecodeItems(YamlMappingNode list, string kind, string origin, string file, List<DecodedPod> pods, List<string> errors)
    {
        if (!list.Children.TryGetValue(new YamlScalarNode("items"), out var itemsNode) || itemsNode is not YamlSequenceNode items)
        {
            if (itemsNode is not null and not YamlScalarNode { Value: "" or "null" or "~" })
            {
                errors.Add($"{file}:{itemsNode.Start.Line}:{itemsNode.Start.Column}: items: expected list");
            }

            return;
        }

        for (var i = 0; i < items.Children.Count; i++)
        {
            var path = $"items[{i}]";
            if (items.Children[i] is not YamlMappingNode item)
            {
                errors.Add($"{origin}: {path}: expected a Kubernetes object");
                continue;
            }

            // A PodList's items need not repeat their kind; a List's must say what they are.
            var itemKind = Text(item, "kind");
            if (kind == "List" && string.IsNullOrEmpty(itemKind))
            {
                errors.Add($"{origin}: {path}: error validating data: [kind not set]");
            }
            else if (!string.IsNullOrEmpty(itemKind) && itemKind != "Pod")
            {
                errors.Add($"{origin}: {path}: kind {FieldError.Quote(itemKind)} is not supported (only Pod and List of pods)");
            }
            else if (Text(item, "apiVersion") is { Length: > 0 } itemVersion && itemVersion != "v1")
            {
                errors.Add($"{origin}: {path}: no matches for kind \"Pod\" in version {FieldError.Quote(itemVersion)}");
            }
            else
            {
                DecodePod(item, path, origin, file, pods, errors);
            }
        }
    }

    private static void DecodePod(YamlMappingNode node, string path, string origin, string file, List<DecodedPod> pods, List<string> errors)
    {
        var checker = new SchemaChecker();
        checker.Check(node, typeof(V1Pod), path);
        if (checker.UnknownFields.Count > 0)
        {
            // apimachinery joins all strict errors of one object into one message.
            errors.Add($"{origin}: strict decoding error: {string.Join(", ", checker.UnknownFields.Select(f => $"unknown field {FieldError.Quote(f)}"))}");
        }

        foreach (var (at, message) in checker.TypeErrors)
        {
            errors.Add($"{file}:{at.Start.Line}:{at.Start.Column}: {message}");
        }

        if (checker.UnknownFields.Count > 0 || checker.TypeErrors.Count > 0)
        {
            return;
        }

        try
        {
            var text = new StringWriter();
            new YamlStream(new YamlDocument(node)).Save(text, assignAnchors: false);
            var pod = KubernetesYaml.Deserialize<V1Pod>(text.ToString(), strict: true);
            pod.ApiVersion ??= "v1";
            pod.Kind ??= "Pod";
            pods.Add(new DecodedPod(pod, path.Length == 0 ? origin : $"{origin}: {path}"));
        }
        catch (Exception e) when (e is YamlException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            // The schema walk should have caught it; report rather than crash (e.g. a malformed quantity).
            var message = e is YamlException yaml ? WithoutMark(yaml) : e.Message;
            errors.Add($"{origin}: {(path.Length == 0 ? string.Empty : path + ": ")}{message}");
        }
    }

    private static string? Text(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    /// <summary>YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (…): "; we print file:line:col instead.</summary>
    private static string WithoutMark(YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, string.Empty);
        return e.InnerException is { } inner && message.Length == 0 ? inner.Message : message;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
