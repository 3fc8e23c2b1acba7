using System.Globalization;
using System.Text;

namespace Podvisor.Server.Logs;

/// <summary>
/// Parses CRI log files (<c>&lt;RFC3339Nano&gt; stdout|stderr P|F text</c>) into whole lines, joining partial
/// (<c>P</c>) records with the next one, as the kubelet's log reader does.
/// </summary>
internal sealed class CriLogReader
{
    private readonly StringBuilder _partial = new();

    /// <summary>One complete log line: when it was written, and its text without the newline.</summary>
    internal sealed record Line(DateTimeOffset Time, string TimeText, string Stream, string Text);

    /// <summary>Feeds one record (a file line without its newline); returns the completed line, if this record ends one.</summary>
    public Line? Feed(string record)
    {
        var first = record.IndexOf(' ', StringComparison.Ordinal);
        var second = first < 0 ? -1 : record.IndexOf(' ', first + 1);
        var third = second < 0 ? -1 : record.IndexOf(' ', second + 1);
        if (third < 0)
        {
            return null;
        }

        var timeText = record[..first];
        var stream = record[(first + 1)..second];
        var tag = record[(second + 1)..third];
        _partial.Append(record, third + 1, record.Length - third - 1);
        if (tag == "P")
        {
            return null;
        }

        var text = _partial.ToString();
        _partial.Clear();
        var time = DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
        return new Line(time, timeText, stream, text);
    }
}
