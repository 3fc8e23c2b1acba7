using System.Text.Json.Nodes;
using Podvisor.Server.Api;

namespace Podvisor.Server.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> (apimachinery <c>labels.Parse</c>): <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k</c>, <c>!k</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>; requirements are ANDed.
/// </summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    /// <summary>True when the selector has no requirements.</summary>
    public bool IsEverything => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        return _requirements.All(r => r.Matches(labels?[r.Key] is JsonValue v ? (string?)v : null));
    }

    /// <summary>The same test on a snapshot taken once for many selectors (a change fanned out to many watches).</summary>
    public bool Matches(Selectable obj) => _requirements.All(r => r.Matches(obj.Labels.GetValueOrDefault(r.Key)));

    /// <summary>Splits on commas outside parentheses.</summary>
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    terms.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    private static Requirement ParseTerm(string term, string whole)
    {
        if (term.Length == 0)
        {
            throw ApiStatus.BadRequest($"unable to parse requirement: found '', expected: identifier");
        }

        if (term.StartsWith('!'))
        {
            return new Requirement(Key(term[1..], whole), Operator.DoesNotExist, []);
        }

        var spaced = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (spaced.Length == 2 && (spaced[1].StartsWith("in", StringComparison.Ordinal) || spaced[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var notIn = spaced[1].StartsWith("notin", StringComparison.Ordinal);
            var set = spaced[1][(notIn ? 5 : 2)..].Trim();
            if (!set.StartsWith('(') || !set.EndsWith(')'))
            {
                throw ApiStatus.BadRequest($"unable to parse requirement: found '{set}', expected: '('");
            }

            var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return new Requirement(Key(spaced[0], whole), notIn ? Operator.NotIn : Operator.In, values);
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotIn), ("==", Operator.In), ("=", Operator.In) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0)
            {
                return new Requirement(Key(term[..at], whole), op, [term[(at + token.Length)..].Trim()]);
            }
        }

        return new Requirement(Key(term, whole), Operator.Exists, []);
    }

    private static string Key(string key, string whole)
    {
        key = key.Trim();
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '='))
        {
            throw ApiStatus.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in selector \"{whole}\"");
        }

        return key;
    }

    private enum Operator
    {
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, IReadOnlyList<string> Values)
    {
        /// <param name="value">The object's value of the label <see cref="Key"/>, or null when it has none.</param>
        public bool Matches(string? value)
        {
            return Op switch
            {
                Operator.Exists => value is not null,
                Operator.DoesNotExist => value is null,
                Operator.In => value is not null && Values.Contains(value),
                Operator.NotIn => value is null || !Values.Contains(value),
                _ => false,
            };
        }
    }
}
