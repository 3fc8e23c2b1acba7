using System.Globalization;
using System.Text;

namespace Podvisor.Engine.Containers;

/// <summary>Go's <c>time.Duration.String()</c> for whole durations, as kubelet messages print them (<c>1m20s</c>, <c>5m0s</c>).</summary>
internal static class GoDuration
{
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (duration.TotalHours >= 1)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{(long)duration.TotalHours}h");
        }

        if (duration.TotalMinutes >= 1)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        }

        var seconds = duration.Seconds + (duration.Milliseconds / 1000.0);
        builder.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return builder.ToString();
    }
}
