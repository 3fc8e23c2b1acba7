using System.Text;
using Podvisor.Engine.Lint;

namespace Podvisor.Cli.Lint;

/// <summary>One line per finding, compiler style (<c>file:line:col: warning PV002 …</c>), then the summary.</summary>
internal static class LintTextOutput
{
    public static string Render(IReadOnlyList<LocatedFinding> findings, LintSummary summary)
    {
        var text = new StringBuilder();
        foreach (var located in findings)
        {
            var finding = located.Finding;
            text.Append(located.File);
            if (located.Line is { } line)
            {
                text.Append(':').Append(line).Append(':').Append(located.Column ?? 1);
            }

            text.Append(": ").Append(Severity(finding.Severity)).Append(' ').Append(finding.RuleId);
            if (located.Pod is { } pod)
            {
                text.Append(" pod/").Append(pod);
            }

            if (finding.Field.Length > 0)
            {
                text.Append(' ').Append(finding.Field);
            }

            text.Append(": ").Append(finding.Message);
            if (finding.Fix.Length > 0)
            {
                text.Append(". Fix: ").Append(finding.Fix);
            }

            text.Append('\n');
        }

        return text.Append(summary).Append('\n').ToString();
    }

    public static string Severity(LintSeverity severity) => severity switch
    {
        LintSeverity.Error => "error",
        LintSeverity.Warning => "warning",
        LintSeverity.Info => "info",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };
}
