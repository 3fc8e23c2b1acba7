using System.Text;
using System.Text.Json;
using Podvisor.Engine.Lint;

namespace Podvisor.Cli.Lint;

/// <summary>
/// <c>-o sarif</c>: a SARIF 2.1.0 log (OASIS, the format code-scanning UIs read) with one run, every rule's
/// metadata, and one result per finding: the file (its path as given, a relative URI) with line and column where
/// the YAML shows them, and the field path as a logical location.
/// </summary>
internal static class SarifOutput
{
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    public static string Render(IReadOnlyList<LocatedFinding> findings, string toolVersion)
    {
        var rules = LintRules.Infos;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", Schema);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "podvisor");
            json.WriteString("version", toolVersion);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("name", rule.Name);
                WriteText(json, "shortDescription", rule.Summary);
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.DefaultSeverity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var located in findings)
            {
                WriteResult(json, located, rules);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteResult(Utf8JsonWriter json, LocatedFinding located, IReadOnlyList<LintRuleInfo> rules)
    {
        var finding = located.Finding;
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteNumber("ruleIndex", rules.ToList().FindIndex(r => r.Id == finding.RuleId));
        json.WriteString("level", Level(finding.Severity));
        WriteText(json, "message", finding.Fix.Length > 0 ? $"{finding.Message}. Fix: {finding.Fix}" : finding.Message);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", Uri(located.File));
        json.WriteEndObject();
        if (located.Line is { } line)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line);
            json.WriteNumber("startColumn", located.Column ?? 1);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (finding.Field.Length > 0)
        {
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("fullyQualifiedName", finding.Field);
            json.WriteString("kind", "member");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndArray();
        if (located.Pod is { } pod)
        {
            json.WriteStartObject("properties");
            json.WriteString("pod", pod);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>SARIF's levels: error, warning, note.</summary>
    private static string Level(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary>A relative path stays a relative URI reference (resolved against the repository by code-scanning UIs); an absolute one becomes file://.</summary>
    private static string Uri(string path) => Path.IsPathRooted(path)
        ? new Uri(path).AbsoluteUri
        : string.Join('/', path.Replace('\\', '/').Split('/').Select(System.Uri.EscapeDataString));
}
