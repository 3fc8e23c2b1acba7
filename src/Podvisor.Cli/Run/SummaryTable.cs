using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Podvisor.Cli.Run;

/// <summary>
/// The closing summary's table, laid out here in one pass over its rows: a Spectre.Console <see cref="Table"/> took
/// 8.4 s to render 5000 rows on a loaded machine (about 1.6 ms a row, measured by rendering one to a string), most of a
/// 5000-pod run's time between its last exit and its own. The layout is a Spectre table's: ASCII borders
/// (<c>+---+</c>, <c>|</c>) when plain, rounded ones in colour, every column as wide as its widest cell. A row is never
/// wrapped, like the rest of a run's plain output, so each pod's line stays whole for grep.
/// </summary>
internal sealed class SummaryTable(IReadOnlyList<string> headers, bool rounded) : Renderable
{
    private readonly List<SummaryCell[]> _rows = [];

    public IReadOnlyList<string> Headers => headers;

    public IReadOnlyList<IReadOnlyList<SummaryCell>> Rows => _rows;

    public void AddRow(params SummaryCell[] cells)
    {
        if (cells.Length != headers.Count)
        {
            throw new ArgumentException($"a row has {headers.Count} cells, not {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    protected override Measurement Measure(RenderOptions options, int maxWidth)
    {
        var width = TotalWidth(ColumnWidths());
        return new Measurement(width, width);
    }

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var widths = ColumnWidths();
        var border = rounded ? RoundedBorder : AsciiBorder;
        yield return new Segment(Rule(widths, border.TopLeft, border.TopJoin, border.TopRight, border.Horizontal));
        yield return Segment.LineBreak;
        foreach (var segment in Line(headers.Select(header => new SummaryCell(header)).ToArray(), widths, border.Vertical))
        {
            yield return segment;
        }

        yield return new Segment(Rule(widths, border.HeadLeft, border.HeadJoin, border.HeadRight, border.HeadHorizontal));
        yield return Segment.LineBreak;
        foreach (var row in _rows)
        {
            foreach (var segment in Line(row, widths, border.Vertical))
            {
                yield return segment;
            }
        }

        yield return new Segment(Rule(widths, border.BottomLeft, border.BottomJoin, border.BottomRight, border.Horizontal));
        yield return Segment.LineBreak;
    }

    // Spectre's TableBorder.Ascii (a top and bottom rule without joins) and TableBorder.Rounded.
    private static readonly Border AsciiBorder = new("+", "-", "+", "|", "+", "|", "-", "+", "-", "+", "-", "|");
    private static readonly Border RoundedBorder = new("╭", "┬", "╮", "├", "┼", "┤", "─", "╰", "┴", "╯", "─", "│");

    private int[] ColumnWidths()
    {
        var widths = headers.Select(CellWidth).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], CellWidth(row[i].Text));
            }
        }

        return widths;
    }

    // "| " before each cell, " " after it, and the closing "|".
    private static int TotalWidth(int[] widths) => widths.Sum() + (3 * widths.Length) + 1;

    private static int CellWidth(string text) => new Segment(text).CellCount();

    private static string Rule(int[] widths, string left, string join, string right, string horizontal)
    {
        var line = new StringBuilder(left);
        for (var i = 0; i < widths.Length; i++)
        {
            line.Insert(line.Length, horizontal, widths[i] + 2);
            line.Append(i == widths.Length - 1 ? right : join);
        }

        return line.ToString();
    }

    private static IEnumerable<Segment> Line(SummaryCell[] cells, int[] widths, string vertical)
    {
        var plain = new StringBuilder(vertical);
        for (var i = 0; i < cells.Length; i++)
        {
            var padding = new string(' ', widths[i] - CellWidth(cells[i].Text));
            if (cells[i].Style is { } style)
            {
                // A styled cell is its own segment; the plain text around it is gathered into one.
                plain.Append(' ');
                yield return new Segment(plain.ToString());
                plain.Clear();
                yield return new Segment(cells[i].Text, style);
                plain.Append(padding).Append(' ').Append(vertical);
            }
            else
            {
                plain.Append(' ').Append(cells[i].Text).Append(padding).Append(' ').Append(vertical);
            }
        }

        yield return new Segment(plain.ToString());
        yield return Segment.LineBreak;
    }

    /// <summary>The characters of one border style: the top rule, the rule under the header, the bottom rule, the column line.</summary>
    private sealed record Border(
        string TopLeft, string TopJoin, string TopRight,
        string HeadLeft, string HeadJoin, string HeadRight, string HeadHorizontal,
        string BottomLeft, string BottomJoin, string BottomRight,
        string Horizontal, string Vertical);
}
