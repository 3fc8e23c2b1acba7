using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>Checks of scalar text that KubernetesClient's converters would otherwise throw on without naming the field.</summary>
internal static partial class ScalarValues
{
    /// <summary>apimachinery resource.ErrFormatWrong, word for word (k8s.io/apimachinery/pkg/api/resource/quantity.go).</summary>
    public const string QuantityFormatMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>A YAML 1.1 integer (decimal, 0x, 0o/0 octal, underscores) that fits the Go type.</summary>
    public static bool FitsInteger(string text, bool int32)
    {
        var value = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = value.StartsWith('-');
        value = value.TrimStart('+', '-');
        BigInteger number;
        if (value.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            number = BigInteger.Parse("0" + value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else if (value.Length > 1 && value[0] == '0')
        {
            number = value.TrimStart('0', 'o').Aggregate(BigInteger.Zero, (n, c) => (n * 8) + (c - '0'));
        }
        else if (!BigInteger.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        if (negative)
        {
            number = -number;
        }

        return int32 ? number >= int.MinValue && number <= int.MaxValue : number >= long.MinValue && number <= long.MaxValue;
    }

    /// <summary>Whether apimachinery's ParseQuantity accepts the text: its regular expression, a known suffix, a finite value.</summary>
    public static bool IsQuantity(string text)
    {
        var match = QuantityRegex().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var suffix = match.Groups[2].Value;
        var knownSuffix = suffix is "" or "n" or "u" or "m" or "k" or "M" or "G" or "T" or "P" or "E" or "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei"
            || ExponentRegex().IsMatch(suffix);
        return knownSuffix && decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>metav1.Time's format: RFC 3339 (Go's time.RFC3339).</summary>
    public static bool IsRfc3339(string text) =>
        Rfc3339Regex().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    [GeneratedRegex(@"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)\z")]
    private static partial Regex QuantityRegex();

    [GeneratedRegex(@"^[eE][-+]?[0-9]+\z")]
    private static partial Regex ExponentRegex();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex Rfc3339Regex();
}
