namespace Podvisor.Cli.Run;

/// <summary>One line of the live view, formatted when the engine reported it and written later by the view's writer.</summary>
internal sealed record LiveLine(IReadOnlyList<LiveSpan> Spans)
{
    public string ToPlainText() => string.Concat(Spans.Select(span => span.Text));
}
