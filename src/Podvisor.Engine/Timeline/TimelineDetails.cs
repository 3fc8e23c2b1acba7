using System.Globalization;

namespace Podvisor.Engine.Timeline;

/// <summary>
/// The text of the steps whose details are read back (the termination classifier, the timeline report): written
/// and parsed in one place, so the live view's words and what the readers expect cannot drift apart.
/// </summary>
internal static class TimelineDetails
{
    private const string KillIn = ", SIGKILL in ";
    private const string ExitCode = "exit code ";
    private const string ReasonPrefix = ", reason ";

    /// <summary><c>SIGTERM, SIGKILL in 4s</c>: the stop signal and what is left of the grace period when it is sent.</summary>
    public static string StopSignal(string signalName, TimeSpan remainingGrace) =>
        $"{signalName}{KillIn}{remainingGrace.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";

    public static bool TryParseStopSignal(string detail, out string signalName, out TimeSpan remainingGrace)
    {
        signalName = string.Empty;
        remainingGrace = TimeSpan.Zero;
        var split = detail.IndexOf(KillIn, StringComparison.Ordinal);
        if (split <= 0 || !detail.EndsWith('s'))
        {
            return false;
        }

        var seconds = detail[(split + KillIn.Length)..^1];
        if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        signalName = detail[..split];
        remainingGrace = TimeSpan.FromSeconds(value);
        return true;
    }

    /// <summary><c>exit code 137 (SIGKILL)</c>, with <c>, reason OOMKilled</c> when the runtime gave its own reason.</summary>
    public static string Exit(int exitCode, string? signalName, string? runtimeReason)
    {
        var text = ExitCode + exitCode.ToString(CultureInfo.InvariantCulture);
        if (signalName is not null)
        {
            text += $" ({signalName})";
        }

        return runtimeReason is null ? text : text + ReasonPrefix + runtimeReason;
    }

    public static bool TryParseExit(string detail, out int exitCode, out string? signalName, out string? runtimeReason)
    {
        exitCode = 0;
        signalName = null;
        runtimeReason = null;
        if (!detail.StartsWith(ExitCode, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = detail[ExitCode.Length..];
        var reasonAt = rest.IndexOf(ReasonPrefix, StringComparison.Ordinal);
        if (reasonAt >= 0)
        {
            runtimeReason = rest[(reasonAt + ReasonPrefix.Length)..];
            rest = rest[..reasonAt];
        }

        var open = rest.IndexOf(" (", StringComparison.Ordinal);
        if (open >= 0 && rest.EndsWith(')'))
        {
            signalName = rest[(open + 2)..^1];
            rest = rest[..open];
        }

        return int.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exitCode);
    }
}
