namespace Podvisor.Engine.Lint;

/// <summary>How much a finding matters: errors fail <c>podvisor lint</c>, warnings only with <c>--strict</c>.</summary>
public enum LintSeverity
{
    Error,
    Warning,
    Info,
}
