using System.Text.RegularExpressions;
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
public sealed partial class ManifestLinter(TimeProvider time, IImageFacts images)
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
        var errors = decodeErrors.Select(AdmissionErrorText.ForCommandLine).ToList();
        var documents = ParseForPositions(source.Content);

        // Workloads (serve runs them; run does not) are linted through their pod template, not refused.
        var templates = WorkloadTemplates.Find(documents);
        errors.RemoveAll(templates.ExplainsError);
        var findings = errors.SelectMany(e => DecodeErrorFindings(source.DisplayName, e, documents)).ToList();
        foreach (var (configMap, origin) in configs.ConfigMaps)
        {
            findings.AddRange(InvalidObject(source.DisplayName, PodNode(documents, origin[source.DisplayName.Length..]), configMap.Metadata?.Name, ConfigObjectValidator.Validate(configMap)));
        }

        foreach (var (secret, origin) in configs.Secrets)
        {
            SecretStringData.Merge(secret);
            findings.AddRange(InvalidObject(source.DisplayName, PodNode(documents, origin[source.DisplayName.Length..]), secret.Metadata?.Name, ConfigObjectValidator.Validate(secret)));
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
            var root = PodNode(documents, origin[source.DisplayName.Length..]);
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

    /// <summary>The decoder's messages (<c>file:3:5: …</c>, <c>file: document 2: strict decoding error: unknown field "…"</c>) as findings.</summary>
    private static IEnumerable<LocatedFinding> DecodeErrorFindings(string file, string error, IReadOnlyList<YamlNode>? documents)
    {
        var rest = error.StartsWith(file, StringComparison.Ordinal) ? error[file.Length..] : ": " + error;
        if (AtPosition().Match(rest) is { Success: true } at)
        {
            var message = at.Groups["message"].Value;
            var field = FieldPrefix().Match(message) is { Success: true } f ? f.Groups["field"].Value : string.Empty;
            yield return new LocatedFinding(file, int.Parse(at.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(at.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture), null,
                new LintFinding(LintRules.InvalidManifest.Id, LintSeverity.Error, field, message, string.Empty));
            yield break;
        }

        var origin = InOrigin().Match(rest);
        var root = PodNode(documents, origin.Groups["origin"].Value);
        var text = origin.Groups["message"].Value;
        var unknown = UnknownField().Matches(text);
        if (text.StartsWith("strict decoding error: ", StringComparison.Ordinal) && unknown.Count > 0)
        {
            // One finding per field, each at its own line; the document root is the path's origin (items[0].spec… in a List).
            var documentRoot = DocumentNode(documents, origin.Groups["origin"].Value);
            foreach (Match field in unknown)
            {
                yield return Locate(file, documentRoot, null, new LintFinding(
                    LintRules.InvalidManifest.Id, LintSeverity.Error, field.Groups["field"].Value,
                    $"strict decoding error: unknown field \"{field.Groups["field"].Value}\"", string.Empty));
            }

            yield break;
        }

        yield return Locate(file, root, null, new LintFinding(LintRules.InvalidManifest.Id, LintSeverity.Error, string.Empty, text, string.Empty));
    }

    /// <summary>The pod's node for an origin suffix (<c>: document 2: items[1]</c>, or empty for the only document).</summary>
    private static YamlNode? PodNode(IReadOnlyList<YamlNode>? documents, string originSuffix)
    {
        var document = DocumentNode(documents, originSuffix);
        var item = ItemPart().Match(originSuffix);
        return item.Success && document is YamlMappingNode list
            && list.Children.TryGetValue(new YamlScalarNode("items"), out var items) && items is YamlSequenceNode sequence
            && int.Parse(item.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < sequence.Children.Count
            ? sequence.Children[i]
            : document;
    }

    private static YamlNode? DocumentNode(IReadOnlyList<YamlNode>? documents, string originSuffix)
    {
        if (documents is null || documents.Count == 0)
        {
            return null;
        }

        var number = DocumentPart().Match(originSuffix);
        var index = number.Success ? int.Parse(number.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture) - 1 : 0;
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

    [GeneratedRegex(@"^:(?<line>\d+):(?<column>\d+): (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex AtPosition();

    [GeneratedRegex(@"^(?<field>[A-Za-z][\w.\[\]/-]*): ")]
    private static partial Regex FieldPrefix();

    [GeneratedRegex(@"^(?<origin>(: document \d+)?(: items\[\d+\])?): (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex InOrigin();

    [GeneratedRegex(@"unknown field ""(?<field>[^""]*)""")]
    private static partial Regex UnknownField();

    [GeneratedRegex(@": document (?<number>\d+)")]
    private static partial Regex DocumentPart();

    [GeneratedRegex(@": items\[(?<index>\d+)\]")]
    private static partial Regex ItemPart();
}
