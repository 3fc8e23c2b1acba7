namespace Podvisor.Engine.Lint;

/// <summary>One static check: a pure function of a validated, defaulted pod (and what is known of its images).</summary>
internal interface ILintRule
{
    LintRuleInfo Info { get; }

    IEnumerable<LintFinding> Check(LintContext context);
}
