namespace Podvisor.Engine.Lint;

/// <summary>How much a finding matters: errors fail <c>podvisor lint</c>, warnings only with <c>--strict</c>.</summary>
public enum LintSeverity
{
    /// <summary>Fails <c>podvisor lint</c>.</summary>
    Error,
    /// <summary>Fails <c>podvisor lint --strict</c> only.</summary>
    Warning,
    /// <summary>Shown, never fails.</summary>
    Info,
}
