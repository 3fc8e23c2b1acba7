namespace Podvisor.Cli.Lint;

/// <summary>The <c>podvisor lint -o</c> formats.</summary>
internal enum LintOutputFormat
{
    Text,
    Json,
    Sarif,
}
