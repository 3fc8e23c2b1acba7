namespace Podvisor.Engine.Lint;

/// <summary>One problem a rule found in one pod.</summary>
/// <param name="Field">The field path, as validation errors name fields: <c>spec.containers[0].lifecycle.preStop.sleep.seconds</c>.</param>
/// <param name="Message">What is wrong and what it does at run time.</param>
/// <param name="Fix">What to change; empty when the message says it already.</param>
public sealed record LintFinding(string RuleId, LintSeverity Severity, string Field, string Message, string Fix);
