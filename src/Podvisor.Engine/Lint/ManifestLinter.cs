using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Engine.Admission.Validation;
using Podvisor.Engine.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Lint;

/// <summary>
/// Lints manifests as <c>podvisor run</c> reads them: the same strict decoder, API defaults and validation come
/// first (their errors are PV000 findings, in the apiserver's words); only a pod that would be admitted goes
/// through the rules. Findings are in file order, then rule order.
/// </summary>
public sealed class ManifestLinter(TimeProvider time, IImageFacts images)
{
    private readonly PodDefaulter _defaulter = new(time);

    /// <summary>Decodes, defaults and validates the source's pods, then runs every rule on each valid one.</summary>
    public ManifestLintResult Lint(ManifestSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var decoded = new List<DecodedPod>();
        var decodeErrors = new List<DecodeError>();
        var configs = new DecodedConfigObjects();
        ManifestDecoder.Decode(source, decoded, decodeErrors, configs);
        var documents = ParseForPositions(source.Content);

        // Workloads (serve runs them; run does not) are linted through their pod template, not refused.
        var templates = WorkloadTemplates.Find(documents);
        decodeErrors.RemoveAll(templates.ExplainsError);
        var findings = decodeErrors.SelectMany(e => DecodeErrorFindings(source.DisplayName, e, documents)).ToList();
        foreach (var (configMap, origin) in configs.ConfigMaps)
        {
            findings.AddRange(InvalidObject(source.DisplayName, ObjectNode(documents, origin), configMap.Metadata?.Name, ConfigObjectValidator.Validate(configMap)));
        }

        foreach (var (secret, origin) in configs.Secrets)
        {
            SecretStringData.Merge(secret);
            findings.AddRange(InvalidObject(source.DisplayName, ObjectNode(documents, origin), secret.Metadata?.Name, ConfigObjectValidator.Validate(secret)));
        }

        foreach (var template in templates.Items)
        {
            findings.AddRange(template.Errors.Select(e => Locate(source.DisplayName, template.Document, template.Name,
                new LintFinding(LintRules.InvalidManifest.Id, LintSeverity.Error, string.Empty, e, string.Empty))));
            if (template.Pod is { } templatePod)
            {
                findings.AddRange(LintPod(templatePod).Select(f => Locate(source.DisplayName, template.Document, template.Name, f with { Field = "spec.template." + f.Field })));
            }
        }

        foreach (var (pod, origin) in decoded)
        {
            var root = ObjectNode(documents, origin);
            var name = pod.Metadata?.Name;
            findings.AddRange(LintPod(pod).Select(f => Locate(source.DisplayName, root, name, f)));
        }

        return new ManifestLintResult(findings, decoded.Count + templates.Items.Count);
    }

    private IEnumerable<LintFinding> LintPod(k8s.Models.V1Pod pod)
    {
        _defaulter.Apply(pod);
        var invalid = PodValidator.Validate(pod);
        return invalid.Count > 0
            ? invalid.Select(e => new LintFinding(LintRules.InvalidManifest.Id, LintSeverity.Error, e.Field, e.Message, string.Empty))
            : LintRules.All.SelectMany(rule => rule.Check(new LintContext(pod, images))).ToList();
    }

    private static IEnumerable<LocatedFinding> InvalidObject(string file, YamlNode? root, string? name, IReadOnlyList<FieldError> errors) =>
        errors.Select(e => Locate(file, root, name, new LintFinding(LintRules.InvalidManifest.Id, LintSeverity.Error, e.Field, e.Message, string.Empty)));

    private static LocatedFinding Locate(string file, YamlNode? root, string? pod, LintFinding finding)
    {
        var position = root is null ? null : YamlFieldLocator.Locate(root, finding.Field);
        position ??= root is null ? null : ((int)root.Start.Line, (int)root.Start.Column);
        return new LocatedFinding(file, position?.Line, position?.Column, pod, finding);
    }

    /// <summary>A decode error as findings: at its line when the decoder knows it, one per unknown field, else at its object.</summary>
    private static IEnumerable<LocatedFinding> DecodeErrorFindings(string file, DecodeError error, IReadOnlyList<YamlNode>? documents)
    {
        if (error.Position is { } at)
        {
            yield return new LocatedFinding(file, (int)at.Line, (int)at.Column, null,
                new LintFinding(LintRules.InvalidManifest.Id, LintSeverity.Error, error.Field ?? string.Empty, error.Message, string.Empty));
            yield break;
        }

        if (error.Kind == DecodeErrorKind.UnknownFields)
        {
            // One finding per field, each at its own line; the paths start at the document (items[0].spec… in a List).
            var documentRoot = DocumentNode(documents, error.Document);
            foreach (var field in error.UnknownFields)
            {
                yield return Locate(file, documentRoot, null, new LintFinding(
                    LintRules.InvalidManifest.Id, LintSeverity.Error, field, $"strict decoding error: unknown field {FieldError.Quote(field)}", string.Empty));
            }

            yield break;
        }

        var root = ObjectNode(documents, new ObjectOrigin(file, error.Document, error.Item));
        yield return Locate(file, root, null, new LintFinding(LintRules.InvalidManifest.Id, LintSeverity.Error, string.Empty, error.Message, string.Empty));
    }

    /// <summary>The object's node: its document, or the item of a List document.</summary>
    private static YamlNode? ObjectNode(IReadOnlyList<YamlNode>? documents, ObjectOrigin origin)
    {
        var document = DocumentNode(documents, origin.Document);
        return origin.Item is { } i && document is YamlMappingNode list
            && list.Children.TryGetValue(new YamlScalarNode("items"), out var items) && items is YamlSequenceNode sequence
            && i < sequence.Children.Count
            ? sequence.Children[i]
            : document;
    }

    private static YamlNode? DocumentNode(IReadOnlyList<YamlNode>? documents, int? number)
    {
        if (documents is null || documents.Count == 0)
        {
            return null;
        }

        var index = (number ?? 1) - 1;
        return index < documents.Count ? documents[index] : null;
    }

    /// <summary>The documents' root nodes for line numbers; null when the text does not parse (the decoder has said why).</summary>
    private static List<YamlNode>? ParseForPositions(string content)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content));
            return stream.Documents.Select(d => d.RootNode).ToList();
        }
        catch (YamlException)
        {
            return null;
        }
    }
}
