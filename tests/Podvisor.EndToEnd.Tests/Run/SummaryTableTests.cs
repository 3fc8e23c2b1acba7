using Podvisor.Cli.Run;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Podvisor.EndToEnd.Tests.Run;

/// <summary>The summary's own table lays out as Spectre.Console's table did (which it replaced for speed), and never wraps.</summary>
public sealed class SummaryTableTests
{
    private static readonly string[] Headers = ["POD", "PHASE", "CONTAINER", "WHY IT ENDED"];

    private static readonly string[][] Cells =
    [
        ["web-0", "Succeeded", "app", "stopped by SIGTERM in 1.2s of a 30s grace period (exit code 0)"],
        [string.Empty, string.Empty, "sidecar", "-"],
        ["a-much-longer-pod-name", "Failed", "c", "exited by itself (exit code 3)"],
        ["[not] markup", "Pending", "x", "-"],
    ];

    [Fact]
    public void Render_Plain_IsSpectresAsciiTableLineForLine()
    {
        var spectre = new Table { Border = TableBorder.Ascii };
        spectre.AddColumns(Headers.Select(h => new TableColumn(new Text(h))).ToArray());
        var ours = new SummaryTable(Headers, rounded: false);
        foreach (var row in Cells)
        {
            spectre.AddRow(row.Select(cell => new Text(cell)).ToArray());
            ours.AddRow(row.Select(cell => new SummaryCell(cell)).ToArray());
        }

        Assert.Equal(Render(spectre, width: 200), Render(ours, width: 200));
    }

    [Fact]
    public void Render_StyledCell_ShowsItsTextInItsStyle_Aligned()
    {
        var table = new SummaryTable(["POD", "PHASE"], rounded: true);
        table.AddRow("web", new SummaryCell("Failed", Style.Parse("red")));
        table.AddRow("a-longer-name", "Running");

        var lines = Render(table, width: 200, color: true).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("\u001b[", lines[3], StringComparison.Ordinal);
        Assert.Equal(["web", "Failed"], Plain(lines[3]));
        Assert.Equal(["a-longer-name", "Running"], Plain(lines[4]));
        Assert.StartsWith("╭", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("╰", lines[^1], StringComparison.Ordinal);
        Assert.Single(lines.Select(line => StripAnsi(line).Length).Distinct());
    }

    [Fact]
    public void Render_RowWiderThanTheConsole_IsOneLine()
    {
        var table = new SummaryTable(["POD", "WHY IT ENDED"], rounded: false);
        var why = string.Join(' ', Enumerable.Repeat("stopped by SIGTERM", 20));
        table.AddRow("web", why);

        var lines = Render(table, width: 80).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5, lines.Length);
        Assert.Equal(["web", why], Plain(lines[3]));
    }

    private static string Render(IRenderable renderable, int width, bool color = false)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(renderable);
        return writer.ToString();
    }

    private static string StripAnsi(string line) => System.Text.RegularExpressions.Regex.Replace(line, "\u001b\\[[0-9;]*m", string.Empty);

    private static string[] Plain(string line) => [.. StripAnsi(line).Trim().Trim('|', '│').Split('|', '│').Select(cell => cell.Trim())];
}
