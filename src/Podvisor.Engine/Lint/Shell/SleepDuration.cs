using System.Globalization;

namespace Podvisor.Engine.Lint.Shell;

/// <summary>
/// How long <c>sleep ARG…</c> sleeps, as GNU coreutils and busybox read it: each argument a number with an
/// optional unit (<c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>), the arguments summed; <c>infinity</c> never ends.
/// </summary>
internal static class SleepDuration
{
    /// <summary>The duration, <see cref="TimeSpan.MaxValue"/> for <c>infinity</c>, or null when an argument is not a literal duration (<c>$DELAY</c>).</summary>
    public static TimeSpan? Of(IReadOnlyList<string> words)
    {
        if (words.Count < 2 || ShellWrapper.BaseName(words[0]) != "sleep")
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (var argument in words.Skip(1))
        {
            if (argument is "infinity" or "inf")
            {
                return TimeSpan.MaxValue;
            }

            var (number, unit) = argument.Length > 0 && char.IsAsciiLetter(argument[^1]) ? (argument[..^1], argument[^1]) : (argument, 's');
            var seconds = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
            if (seconds == 0 || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            total += TimeSpan.FromSeconds(value * seconds);
        }

        return total;
    }
}
