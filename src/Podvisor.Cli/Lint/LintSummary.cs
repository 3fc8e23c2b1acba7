using Podvisor.Engine.Lint;

namespace Podvisor.Cli.Lint;

/// <summary>The counts every output ends with, and the exit code they give.</summary>
internal sealed record LintSummary(int Files, int Pods, int Errors, int Warnings, int Infos)
{
    public static LintSummary Of(int files, int pods, IReadOnlyList<LocatedFinding> findings) => new(
        files,
        pods,
        findings.Count(f => f.Finding.Severity == LintSeverity.Error),
        findings.Count(f => f.Finding.Severity == LintSeverity.Warning),
        findings.Count(f => f.Finding.Severity == LintSeverity.Info));

    /// <summary>1 when there are errors, or warnings under <c>--strict</c>; info never fails.</summary>
    public int ExitCode(bool strict) => Errors > 0 || (strict && Warnings > 0) ? Run.ExitCodes.Failure : Run.ExitCodes.Success;

    public override string ToString() =>
        $"{Count(Errors, "error")}, {Count(Warnings, "warning")}, {Count(Infos, "info")} in {Count(Files, "file")} ({Count(Pods, "pod")})";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {(noun == "info" ? noun : noun + "s")}";
}
