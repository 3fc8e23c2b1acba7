using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Turns manifest text (YAML, multi-document, or JSON) into pods: <c>kind: Pod</c>, and the pods in a
/// <c>List</c> or <c>PodList</c>; with a <see cref="DecodedConfigObjects"/> sink also ConfigMaps and Secrets, alone
/// or in a List. Decoding is strict like the apiserver's field validation; every problem becomes one
/// <see cref="DecodeError"/> naming the source and document, with its line and column as data where there is one.
/// </summary>
public static partial class ManifestDecoder
{
    /// <summary>Pods nest about 12 levels; free-form fields (managedFields) can go deeper.</summary>
    private const int DeepDocument = 64;

    /// <summary>Reserved, not committed: only the pages a deep document touches are used.</summary>
    private const int DeepDocumentStackBytes = 512 * 1024 * 1024;

    /// <summary>What the "not supported" message lists: the kinds a caller with a config sink accepts.</summary>
    private const string SupportedWithConfig = "only Pod, ConfigMap, Secret and List of them";

    private const string SupportedPodsOnly = "only Pod and List of pods";

    /// <summary>Decodes the pods of <paramref name="source"/> (ConfigMaps and Secrets are then not supported), adding each to <paramref name="pods"/> and each problem to <paramref name="errors"/>.</summary>
    public static void Decode(ManifestSource source, List<DecodedPod> pods, List<DecodeError> errors) => Decode(source, pods, errors, configs: null);

    /// <param name="configs">Where ConfigMaps and Secrets go; null when the caller takes pods only (they are then not supported).</param>
    internal static void Decode(ManifestSource source, List<DecodedPod> pods, List<DecodeError> errors, DecodedConfigObjects? configs)
    {
        var sink = new Sink(pods, configs, errors);
        if (source.Content.Length > ManifestLimits.MaxSourceBytes)
        {
            errors.Add(new DecodeError(DecodeErrorKind.Syntax, source.DisplayName, null, $"the input is larger than {ManifestLimits.MaxSourceBytes / (1024 * 1024)} MiB"));
            return;
        }

        if (ManifestShapeCheck.Check(source.Content, out var depth) is var (start, problem))
        {
            errors.Add(new DecodeError(DecodeErrorKind.Syntax, source.DisplayName, null, problem) { Position = At(start) });
            return;
        }

        if (depth <= DeepDocument)
        {
            DecodeWithinLimits(source, sink);
            return;
        }

        // YamlDotNet's node loader, writer and deserializer recurse once per level: up to the apiserver's 10000
        // levels need more stack than a thread-pool thread has, so a deep document gets its own thread.
        var thread = new Thread(() => DecodeWithinLimits(source, sink), DeepDocumentStackBytes) { Name = "deep manifest decode" };
        thread.Start();
        thread.Join();
    }

    private static void DecodeWithinLimits(ManifestSource source, Sink sink)
    {
        var errors = sink.Errors;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(source.Content));
        }
        catch (YamlException e)
        {
            errors.Add(new DecodeError(DecodeErrorKind.Syntax, source.DisplayName, null, WithoutMark(e)) { Position = At(e.Start) });
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

            DecodeObject(root, new Place(source.DisplayName, documents.Count > 1 ? i + 1 : null), sink);
        }
    }

    private static void DecodeObject(YamlNode root, Place origin, Sink sink)
    {
        var errors = sink.Errors;
        if (root is not YamlMappingNode mapping)
        {
            errors.Add(origin.Error(DecodeErrorKind.NotAnObject, "expected a Kubernetes object (a mapping with apiVersion and kind)", root.Start));
            return;
        }

        var apiVersion = Text(mapping, "apiVersion");
        var kind = Text(mapping, "kind");
        // kubectl's client-side validation words.
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            var missing = new[] { string.IsNullOrEmpty(apiVersion) ? "apiVersion not set" : null, string.IsNullOrEmpty(kind) ? "kind not set" : null };
            errors.Add(origin.Error(DecodeErrorKind.NotAnObject, $"error validating data: [{string.Join(", ", missing.OfType<string>())}]"));
            return;
        }

        switch (kind)
        {
            case "Pod" or "PodList" or "List" when apiVersion != "v1":
                errors.Add(origin.Error(DecodeErrorKind.UnsupportedKind, $"no matches for kind {FieldError.Quote(kind)} in version {FieldError.Quote(apiVersion)}") with { ObjectKind = kind });
                break;
            case "ConfigMap" or "Secret" when sink.Configs is not null && apiVersion != "v1":
                errors.Add(origin.Error(DecodeErrorKind.UnsupportedKind, $"no matches for kind {FieldError.Quote(kind)} in version {FieldError.Quote(apiVersion)}") with { ObjectKind = kind });
                break;
            case "Pod":
            case "ConfigMap" or "Secret" when sink.Configs is not null:
                DecodeItem(mapping, kind, null, origin, sink);
                break;
            case "PodList" or "List":
                DecodeItems(mapping, kind, origin, sink);
                break;
            default:
                errors.Add(origin.Error(DecodeErrorKind.UnsupportedKind, $"kind {FieldError.Quote(kind)} is not supported ({sink.Supported})") with { ObjectKind = kind });
                break;
        }
    }

    private static void DecodeItems(YamlMappingNode list, string kind, Place origin, Sink sink)
    {
        var errors = sink.Errors;
        if (!list.Children.TryGetValue(new YamlScalarNode("items"), out var itemsNode) || itemsNode is not YamlSequenceNode items)
        {
            if (itemsNode is not null and not YamlScalarNode { Value: "" or "null" or "~" })
            {
                errors.Add(origin.Error(DecodeErrorKind.NotAnObject, "items: expected list", itemsNode.Start));
            }

            return;
        }

        for (var i = 0; i < items.Children.Count; i++)
        {
            var path = $"items[{i}]";
            if (items.Children[i] is not YamlMappingNode item)
            {
                errors.Add(origin.Error(DecodeErrorKind.NotAnObject, $"{path}: expected a Kubernetes object") with { Item = i });
                continue;
            }

            // A PodList's items need not repeat their kind; a List's must say what they are.
            var itemKind = Text(item, "kind");
            if (kind == "List" && string.IsNullOrEmpty(itemKind))
            {
                errors.Add(origin.Error(DecodeErrorKind.NotAnObject, $"{path}: error validating data: [kind not set]") with { Item = i });
            }
            else if (!string.IsNullOrEmpty(itemKind) && itemKind != "Pod" && (kind == "PodList" || sink.Configs is null || itemKind is not ("ConfigMap" or "Secret")))
            {
                errors.Add(origin.Error(DecodeErrorKind.UnsupportedKind, $"{path}: kind {FieldError.Quote(itemKind)} is not supported ({sink.Supported})") with { Item = i, ObjectKind = itemKind });
            }
            else if (Text(item, "apiVersion") is { Length: > 0 } itemVersion && itemVersion != "v1")
            {
                var refused = string.IsNullOrEmpty(itemKind) ? "Pod" : itemKind;
                errors.Add(origin.Error(DecodeErrorKind.UnsupportedKind, $"{path}: no matches for kind {FieldError.Quote(refused)} in version {FieldError.Quote(itemVersion)}") with { Item = i, ObjectKind = refused });
            }
            else
            {
                DecodeItem(item, string.IsNullOrEmpty(itemKind) ? "Pod" : itemKind, i, origin, sink);
            }
        }
    }

    /// <param name="item">The object's index in a List's items, or null for a document that is the object.</param>
    private static void DecodeItem(YamlMappingNode node, string kind, int? item, Place origin, Sink sink)
    {
        var errors = sink.Errors;
        var path = item is { } index ? $"items[{index}]" : string.Empty;
        var type = kind switch
        {
            "ConfigMap" => typeof(V1ConfigMap),
            "Secret" => typeof(V1Secret),
            _ => typeof(V1Pod),
        };
        var checker = new SchemaChecker();
        checker.Check(node, type, path);
        if (checker.UnknownFields.Count > 0)
        {
            // apimachinery joins all strict errors of one object into one message.
            errors.Add(origin.Error(DecodeErrorKind.UnknownFields, $"strict decoding error: {string.Join(", ", checker.UnknownFields.Select(f => $"unknown field {FieldError.Quote(f)}"))}") with
            {
                UnknownFields = [.. checker.UnknownFields],
                Item = item,
            });
        }

        foreach (var (at, field, message) in checker.TypeErrors)
        {
            errors.Add(origin.Error(DecodeErrorKind.WrongType, message, at.Start) with { Field = field, Item = item });
        }

        if (checker.UnknownFields.Count > 0 || checker.TypeErrors.Count > 0)
        {
            return;
        }

        try
        {
            var at = new ObjectOrigin(origin.Source, origin.Document, item);
            switch (kind)
            {
                case "ConfigMap":
                    var configMap = Materialize<V1ConfigMap>(node);
                    (configMap.ApiVersion, configMap.Kind) = ("v1", kind);
                    sink.Configs!.ConfigMaps.Add((configMap, at)); // ! DecodeObject/DecodeItems only pass these kinds with a sink
                    break;
                case "Secret":
                    var secret = Materialize<V1Secret>(node);
                    (secret.ApiVersion, secret.Kind) = ("v1", kind);
                    sink.Configs!.Secrets.Add((secret, at)); // ! as above
                    break;
                default:
                    var pod = Materialize<V1Pod>(node);
                    pod.ApiVersion ??= "v1";
                    pod.Kind ??= "Pod";
                    sink.Pods.Add(new DecodedPod(pod, at));
                    break;
            }
        }
        catch (Exception e) when (e is YamlException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            // The schema walk should have caught it; report rather than crash (e.g. a malformed quantity).
            var message = e is YamlException yaml ? WithoutMark(yaml) : e.Message;
            errors.Add(origin.Error(DecodeErrorKind.WrongType, (path.Length == 0 ? string.Empty : path + ": ") + message) with { Item = item });
        }
    }

    /// <summary>
    /// The model object of a schema-checked node: through JSON when <see cref="ModelJson"/> can decode it exactly (no
    /// YamlDotNet deserializer to build, no second parse), else by YamlDotNet from the node written back as text.
    /// </summary>
    private static T Materialize<T>(YamlMappingNode node)
        where T : class
    {
        try
        {
            if (ModelJson.TryDeserialize<T>(node, out var value) && value is not null)
            {
                return value;
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or OverflowException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // A value the schema walk let through but a converter refuses: YamlDotNet's path words the error as before.
        }

        var text = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(text, assignAnchors: false);
        return ModelYaml.Deserialize<T>(text.ToString());
    }

    /// <summary>Where decoded objects and errors go, and which kinds the caller takes.</summary>
    private sealed record Sink(List<DecodedPod> Pods, DecodedConfigObjects? Configs, List<DecodeError> Errors)
    {
        public string Supported => Configs is null ? SupportedPodsOnly : SupportedWithConfig;
    }

    /// <summary>A document of a source: what a decoded object's origin and an error without a position name.</summary>
    private readonly record struct Place(string Source, int? Document)
    {
        /// <param name="at">Where the problem is; a positioned error names the source alone (the line says which document).</param>
        public DecodeError Error(DecodeErrorKind kind, string message, Mark? at = null) => at is { } mark
            ? new DecodeError(kind, Source, null, message) { Position = At(mark) }
            : new DecodeError(kind, Source, Document, message);

        /// <summary><c>pod.yaml</c>, or <c>pod.yaml: document 2</c> in a stream of several.</summary>
        public override string ToString() => Document is { } n ? $"{Source}: document {n}" : Source;
    }

    private static SourcePosition At(Mark mark) => new(mark.Line, mark.Column);

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
