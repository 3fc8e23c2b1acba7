namespace Podvisor.Engine.Containers;

/// <summary>Reads the CRI log format: <c>&lt;RFC3339Nano&gt; &lt;stream&gt; &lt;P|F&gt; &lt;content&gt;</c>.</summary>
internal static class CriLogLine
{
    public static string Content(string line)
    {
        var at = 0;
        for (var field = 0; field < 3; field++)
        {
            var space = line.IndexOf(' ', at);
            if (space < 0)
            {
                return line;
            }

            at = space + 1;
        }

        return line[at..];
    }
}
