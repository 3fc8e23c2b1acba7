using System.Globalization;

namespace Podvisor.Cli.Run;

/// <summary>
/// Parses Go's <c>time.ParseDuration</c> syntax (<c>500ms</c>, <c>1m30s</c>, <c>2h</c>), the one kubectl's
/// duration flags (<c>--timeout</c>, <c>--since</c>) accept, so the same strings work with both tools.
/// </summary>
internal static class DurationParser
{
    // Go's unit table (time/format.go unitMap); TimeSpan's resolution is 100 ns, so nanoseconds round down.
    private static readonly Dictionary<string, decimal> TicksPerUnit = new(StringComparer.Ordinal)
    {
        ["ns"] = 0.01m,
        ["us"] = 10m,
        ["µs"] = 10m, // U+00B5 micro sign
        ["μs"] = 10m, // U+03BC Greek small letter mu
        ["ms"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond,
        ["m"] = TimeSpan.TicksPerMinute,
        ["h"] = TimeSpan.TicksPerHour,
    };

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> is worded as Go's error.</summary>
    public static bool TryParse(string text, out TimeSpan duration, out string? error)
    {
        duration = TimeSpan.Zero;
        error = null;
        var rest = text.AsSpan();
        var negative = false;
        if (rest.Length > 0 && rest[0] is '-' or '+')
        {
            negative = rest[0] == '-';
            rest = rest[1..];
        }

        // Go accepts a bare "0" (with an optional sign) and nothing else without a unit.
        if (rest is "0")
        {
            return true;
        }

        if (rest.IsEmpty)
        {
            error = $"time: invalid duration \"{text}\"";
            return false;
        }

        decimal ticks = 0;
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            var number = rest[..numberLength];
            if (number.IsEmpty || number is "." || number.IndexOf('.') != number.LastIndexOf('.'))
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }

            rest = rest[numberLength..];
            var unitLength = 0;
            while (unitLength < rest.Length && !char.IsAsciiDigit(rest[unitLength]) && rest[unitLength] != '.')
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                error = $"time: missing unit in duration \"{text}\"";
                return false;
            }

            var unit = rest[..unitLength].ToString();
            rest = rest[unitLength..];
            if (!TicksPerUnit.TryGetValue(unit, out var unitTicks))
            {
                error = $"time: unknown unit \"{unit}\" in duration \"{text}\"";
                return false;
            }

            try
            {
                ticks += decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * unitTicks;
            }
            catch (OverflowException)
            {
                ticks = decimal.MaxValue;
            }

            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                error = $"time: invalid duration \"{text}\"";
                return false;
            }
        }

        duration = TimeSpan.FromTicks((long)decimal.Truncate(ticks));
        if (negative)
        {
            duration = -duration;
        }

        return true;
    }
}
