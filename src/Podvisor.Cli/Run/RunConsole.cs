using Spectre.Console;
using Spectre.Console.Rendering;

namespace Podvisor.Cli.Run;

/// <summary>
/// The streams a run talks to. Everything human goes to stderr, so stdout carries only <c>-o</c> output and
/// can be piped. Colour only on a terminal and without <c>NO_COLOR</c>; otherwise plain lines, never wrapped,
/// so logs stay grep-able.
/// </summary>
internal sealed class RunConsole
{
    // Wide enough that a redirected summary table is not squeezed into 80 columns.
    private const int PlainWidth = 160;

    private readonly TextWriter _error;
    private readonly IAnsiConsole _ansi;

    public RunConsole(TextReader input, TextWriter output, TextWriter error, bool color)
    {
        In = input;
        Out = output;
        _error = error;
        Color = color;
        _ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!color)
        {
            _ansi.Profile.Width = PlainWidth;
        }
    }

    public TextReader In { get; }

    public TextWriter Out { get; }

    public bool Color { get; }

    public static RunConsole FromSystemConsole()
    {
        // https://no-color.org: "when present and not an empty string".
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new RunConsole(Console.In, Console.Out, Console.Error, color: !noColor && !Console.IsErrorRedirected);
    }

    public void WriteLine(LiveLine line)
    {
        if (!Color)
        {
            _error.WriteLine(line.ToPlainText());
            return;
        }

        var markup = string.Concat(line.Spans.Select(span =>
            span.Style is null ? Markup.Escape(span.Text) : $"[{span.Style}]{Markup.Escape(span.Text)}[/]"));
        _ansi.MarkupLine(markup);
    }

    /// <summary>An error message, printed as given (admission errors are complete kubectl-style messages).</summary>
    public void WriteError(string message) => WriteLine(new LiveLine([new LiveSpan(message, "red")]));

    /// <summary>kubectl prints API warnings as <c>Warning: text</c>.</summary>
    public void WriteWarning(string message) =>
        WriteLine(new LiveLine([new LiveSpan("Warning:", "yellow"), new LiveSpan(" " + message)]));

    public void Write(IRenderable renderable) => _ansi.Write(renderable);
}
