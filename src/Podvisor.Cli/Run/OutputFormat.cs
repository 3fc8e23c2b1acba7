namespace Podvisor.Cli.Run;

/// <summary>The <c>-o</c> formats: what to print on stdout at the end of a run.</summary>
internal enum OutputFormat
{
    None,
    Json,
    Yaml,
}
