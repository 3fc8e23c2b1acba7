using System.Globalization;

namespace Podvisor.Server.Tables;

/// <summary>apimachinery <c>duration.HumanDuration</c>: the AGE column's <c>59s</c>, <c>2m5s</c>, <c>3h5m</c>, <c>2d3h</c>.</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return Text($"{seconds}s");
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Text($"{minutes}m") : Text($"{minutes}m{s}s");
        }

        if (minutes < 60 * 3)
        {
            return Text($"{minutes}m");
        }

        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Text($"{hours}h") : Text($"{hours}h{m}m");
        }

        if (hours < 48)
        {
            return Text($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Text($"{hours / 24}d") : Text($"{hours / 24}d{h}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Text($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? Text($"{hours / 24 / 365}y") : Text($"{hours / 24 / 365}y{dy}d");
        }

        return Text($"{hours / 24 / 365}y");
    }

    /// <summary><c>translateTimestampSince</c>: <c>&lt;unknown&gt;</c> for a missing time.</summary>
    public static string Since(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? Format(now - t) : "<unknown>";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
