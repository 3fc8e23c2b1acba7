namespace Podvisor.Engine.Lint.Shell;

/// <summary>A word (quotes removed) or an operator (<c>;</c>, <c>&amp;&amp;</c>, <c>|</c>, <c>&gt;</c>, newline as <c>;</c> ...).</summary>
internal readonly record struct ShellToken(ShellTokenKind Kind, string Text)
{
    public bool IsOperator(string text) => Kind == ShellTokenKind.Operator && Text == text;
}
