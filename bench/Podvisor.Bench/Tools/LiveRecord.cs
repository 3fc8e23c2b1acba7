using System.Globalization;
using System.Text.RegularExpressions;

namespace Podvisor.Bench.Tools;

/// <summary>
/// One line of podvisor's live view as the harness received it: <c> +1.234s pod/container &gt; Step detail</c>.
/// <paramref name="StampMs"/> is the view's own relative stamp (ms since the view started), null for other lines.
/// </summary>
internal sealed partial record LiveRecord(long ArrivalUs, double? StampMs, string Prefix, char Separator, string Content, string Raw)
{
    public string Pod => Prefix.StartsWith("pod/", StringComparison.Ordinal) ? Prefix[4..] : Prefix.Split('/')[0];

    public string? Container => Prefix.StartsWith("pod/", StringComparison.Ordinal) || !Prefix.Contains('/', StringComparison.Ordinal) ? null : Prefix.Split('/')[1];

    /// <summary>A timeline step line (<c>&gt; ContainerRunning</c>) of that step.</summary>
    public bool IsStep(string step) => Separator == '>' && (Content == step || Content.StartsWith(step + " ", StringComparison.Ordinal));

    public static LiveRecord Parse(long arrivalUs, string raw)
    {
        var match = LinePattern().Match(raw);
        if (!match.Success)
        {
            return new LiveRecord(arrivalUs, null, string.Empty, ' ', raw, raw);
        }

        var stamp = double.Parse(match.Groups["t"].Value, CultureInfo.InvariantCulture) * 1000;
        var sep = match.Groups["sep"].Success ? match.Groups["sep"].Value[0] : ' ';
        return new LiveRecord(arrivalUs, stamp, match.Groups["prefix"].Value, sep, match.Groups["rest"].Value.Trim(), raw);
    }

    [GeneratedRegex(@"^\s*\+(?<t>\d+\.\d+)s (?:(?<prefix>\S+)\s+(?<sep>[>|!]) )?(?<rest>.*)$")]
    private static partial Regex LinePattern();
}
