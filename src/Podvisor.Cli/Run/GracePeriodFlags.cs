using System.CommandLine.Parsing;
using System.Globalization;

namespace Podvisor.Cli.Run;

/// <summary>
/// <c>--grace-period</c> and <c>--force</c> with <c>kubectl delete</c>'s rules (kubectl/pkg/cmd/delete/delete.go),
/// so a user's muscle memory gives the same deletion here as on a cluster.
/// </summary>
internal static class GracePeriodFlags
{
    /// <summary>kubectl's default: negative means "use each pod's terminationGracePeriodSeconds".</summary>
    public const long UsePodDefault = -1;

    /// <summary>Parses the flag's value as kubectl's pflag int does, reporting a bad one in its words.</summary>
    public static long Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        var reason = text.Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
        result.AddError($"invalid argument \"{text}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{text}\": {reason}");
        return UsePodDefault;
    }

    /// <summary>The error kubectl's Validate returns, or null when the combination is allowed.</summary>
    public static string? Validate(long gracePeriod, bool force) =>
        force && gracePeriod > 0 ? "--force and --grace-period greater than 0 cannot be specified together" : null;

    /// <summary>The grace period to delete with; null keeps each pod's own.</summary>
    public static long? Resolve(long gracePeriod, bool force)
    {
        // kubectl: "--grace-period=0 is converted to 1 to prevent accidental data loss; --force bypasses it".
        if (gracePeriod == 0 && !force)
        {
            return 1;
        }

        // kubectl: --force alone means immediate deletion.
        if (force && gracePeriod < 0)
        {
            return 0;
        }

        return gracePeriod < 0 ? null : gracePeriod;
    }
}
