using Podvisor.Engine.Admission.Decoding;

namespace Podvisor.Engine.Admission;

/// <summary>
/// The apiserver's syntax for a resource quantity (<c>10Mi</c>, <c>1.5G</c>), for flags that take one the way the
/// kubelet's do: the same check and message the decoder applies to a manifest's quantities.
/// </summary>
public static class QuantitySyntax
{
    /// <summary>apimachinery's <c>ErrFormatWrong</c> text, for a flag's error message.</summary>
    public static string FormatMessage => ScalarValues.QuantityFormatMessage;

    /// <summary>Whether <paramref name="text"/> parses as a quantity (resource.ParseQuantity).</summary>
    public static bool IsValid(string text) => ScalarValues.IsQuantity(text);
}
