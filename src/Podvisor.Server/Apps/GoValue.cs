using System.Text;
using k8s.Models;
using Podvisor.Engine.Admission;

namespace Podvisor.Server.Apps;

/// <summary>
/// A field error's bad value as Go's <c>%#v</c> prints it (field/errors.go <c>ErrorBody</c> falls back to it for
/// maps and structs), so messages match the apiserver's.
/// </summary>
internal sealed class GoValue(string text)
{
    public override string ToString() => text;

    /// <summary><c>map[string]string{"a":"b", "c":"d"}</c> (fmt sorts map keys).</summary>
    public static GoValue Map(IDictionary<string, string>? map) => new(MapText(map));

    /// <summary><c>v1.LabelSelector{MatchLabels:…, MatchExpressions:…}</c>.</summary>
    public static GoValue Selector(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return new GoValue("null");
        }

        var expressions = selector.MatchExpressions is null
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{" + string.Join(", ", selector.MatchExpressions.Select(e =>
                $"v1.LabelSelectorRequirement{{Key:{FieldError.Quote(e.Key ?? string.Empty)}, Operator:{FieldError.Quote(e.OperatorProperty ?? string.Empty)}, Values:{Strings(e.Values)}}}")) + "}";
        return new GoValue($"v1.LabelSelector{{MatchLabels:{MapText(selector.MatchLabels)}, MatchExpressions:{expressions}}}");
    }

    private static string MapText(IDictionary<string, string>? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }

        var text = new StringBuilder("map[string]string{");
        text.AppendJoin(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => FieldError.Quote(p.Key) + ":" + FieldError.Quote(p.Value)));
        return text.Append('}').ToString();
    }

    private static string Strings(IList<string>? values) =>
        values is null ? "[]string(nil)" : "[]string{" + string.Join(", ", values.Select(FieldError.Quote)) + "}";
}
