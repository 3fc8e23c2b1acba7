using System.Globalization;

namespace Podvisor.Server.Controllers.Deployments;

/// <summary>
/// An <c>intstr.IntOrString</c> count: a number, or a percentage of a total rounded up or down as
/// apimachinery's <c>GetScaledValueFromIntOrPercent</c> (staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go).
/// </summary>
internal static class IntOrPercent
{
    /// <summary>The value as a count of <paramref name="total"/>; null when it is neither an integer nor <c>N%</c>.</summary>
    public static int? Scaled(string value, int total, bool roundUp)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
        {
            return count;
        }

        if (!value.EndsWith('%') || !int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
        {
            return null;
        }

        // Go computes in float64 and applies math.Ceil/math.Floor; long arithmetic gives the same result exactly.
        var product = (long)percent * total;
        var scaled = roundUp ? CeilingDivide(product, 100) : FloorDivide(product, 100);
        return (int)scaled;
    }

    /// <summary>True for <c>N%</c> text (as opposed to a number).</summary>
    public static bool IsPercent(string value) => value.EndsWith('%');

    private static long FloorDivide(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilingDivide(long a, long b) => -FloorDivide(-a, b);
}
