namespace Podvisor.Engine.Lint;

/// <summary>A rule's stable identity and documentation, as listed in the README and in SARIF's <c>rules</c>.</summary>
/// <param name="Id">Stable, never reused: <c>PV001</c>.</param>
/// <param name="Name">A short kebab-case name: <c>prestop-outlasts-grace-period</c>.</param>
/// <param name="DefaultSeverity">The severity of most of its findings; a rule may report a lower one where it is less sure.</param>
/// <param name="Summary">One sentence: what the rule looks for.</param>
public sealed record LintRuleInfo(string Id, string Name, LintSeverity DefaultSeverity, string Summary);
