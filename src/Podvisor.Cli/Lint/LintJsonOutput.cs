using System.Text;
using System.Text.Json;
using Podvisor.Engine.Lint;

namespace Podvisor.Cli.Lint;

/// <summary><c>-o json</c>: <c>{"findings": [{ruleId, severity, file, line, column, pod, field, message, fix}], "summary": {…}}</c>.</summary>
internal static class LintJsonOutput
{
    public static string Render(IReadOnlyList<LocatedFinding> findings, LintSummary summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("findings");
            foreach (var located in findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", located.Finding.RuleId);
                json.WriteString("severity", LintTextOutput.Severity(located.Finding.Severity));
                json.WriteString("file", located.File);
                WriteNumberOrNull(json, "line", located.Line);
                WriteNumberOrNull(json, "column", located.Column);
                json.WriteString("pod", located.Pod);
                json.WriteString("field", located.Finding.Field);
                json.WriteString("message", located.Finding.Message);
                json.WriteString("fix", located.Finding.Fix);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("files", summary.Files);
            json.WriteNumber("pods", summary.Pods);
            json.WriteNumber("errors", summary.Errors);
            json.WriteNumber("warnings", summary.Warnings);
            json.WriteNumber("infos", summary.Infos);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
