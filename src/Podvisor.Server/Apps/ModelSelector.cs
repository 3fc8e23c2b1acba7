using k8s.Models;

namespace Podvisor.Server.Apps;

/// <summary>
/// A <c>metav1.LabelSelector</c> (matchLabels and matchExpressions) as <c>LabelSelectorAsSelector</c> reads it:
/// matching a label set, and its text as <c>FormatLabelSelector</c> prints it (requirements sorted by key).
/// </summary>
internal static class ModelSelector
{
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(expression.Key, out var actual);
            var values = expression.Values ?? [];
            var ok = expression.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>metav1.FormatLabelSelector</c>: <c>app=web,tier in (a,b)</c>, or <c>&lt;none&gt;</c> when empty.</summary>
    public static string Format(V1LabelSelector? selector)
    {
        var terms = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector?.MatchLabels ?? new Dictionary<string, string>())
        {
            terms.Add((key, $"{key}={value}"));
        }

        foreach (var e in selector?.MatchExpressions ?? [])
        {
            var values = string.Join(",", (e.Values ?? []).Order(StringComparer.Ordinal));
            terms.Add((e.Key, e.OperatorProperty switch
            {
                "In" => $"{e.Key} in ({values})",
                "NotIn" => $"{e.Key} notin ({values})",
                "Exists" => e.Key,
                _ => "!" + e.Key,
            }));
        }

        var text = string.Join(",", terms.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Text));
        return text.Length == 0 ? "<none>" : text;
    }
}
