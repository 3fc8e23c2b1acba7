using Spectre.Console;

namespace Podvisor.Cli.Run;

/// <summary>One cell of the closing summary: plain text (never markup) and the style it is shown in, if any.</summary>
internal readonly record struct SummaryCell(string Text, Style? Style = null)
{
    public static implicit operator SummaryCell(string text) => new(text);
}
