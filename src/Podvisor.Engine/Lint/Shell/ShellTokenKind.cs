namespace Podvisor.Engine.Lint.Shell;

internal enum ShellTokenKind
{
    Word,
    Operator,
    Redirection,
}
