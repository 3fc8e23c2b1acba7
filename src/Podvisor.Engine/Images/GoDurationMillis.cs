using System.Globalization;

namespace Podvisor.Engine.Images;

/// <summary>
/// Go's <c>time.Duration.String()</c> of a duration truncated to milliseconds, as the kubelet prints pull times
/// (<c>981ms</c>, <c>1.2s</c>, <c>1m3.5s</c>): under a second Go switches to milliseconds.
/// </summary>
internal static class GoDurationMillis
{
    public static string Format(TimeSpan duration)
    {
        var milliseconds = (long)duration.TotalMilliseconds;
        if (milliseconds <= 0)
        {
            return "0s";
        }

        if (milliseconds < 1000)
        {
            return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var hours = milliseconds / 3_600_000;
        var minutes = milliseconds / 60_000 % 60;
        var seconds = (milliseconds % 60_000) / 1000.0;
        var text = seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        if (hours > 0)
        {
            return $"{hours.ToString(CultureInfo.InvariantCulture)}h{minutes.ToString(CultureInfo.InvariantCulture)}m{text}";
        }

        return minutes > 0 ? $"{minutes.ToString(CultureInfo.InvariantCulture)}m{text}" : text;
    }
}
