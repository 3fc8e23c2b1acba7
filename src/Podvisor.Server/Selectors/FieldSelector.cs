using System.Text.Json.Nodes;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>f=v</c>, <c>f==v</c>, <c>f!=v</c> terms, ANDed, over the field labels
/// each resource supports (upstream <c>GetAttrs</c>/<c>AddFieldLabelConversionFunc</c>). Any other label is
/// refused with the apiserver's 400 <c>field label not supported: X</c>.
/// </summary>
internal sealed class FieldSelector
{
    private static readonly Dictionary<string, string[]> Supported = new()
    {
        ["services"] = ["metadata.name", "metadata.namespace"],
        ["endpointslices"] = ["metadata.name", "metadata.namespace"],
        ["pods"] =
        [
            "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
        ["events"] =
        [
            "metadata.name", "metadata.namespace", "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
            "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
        ["namespaces"] = ["metadata.name", "status.phase"],
        ["nodes"] = ["metadata.name", "spec.unschedulable"],
        ["deployments"] = ["metadata.name", "metadata.namespace"],
        ["replicasets"] = ["metadata.name", "metadata.namespace", "status.replicas"],
        ["configmaps"] = ["metadata.name", "metadata.namespace"],
        ["secrets"] = ["metadata.name", "metadata.namespace", "type"],
    };

    private readonly IReadOnlyList<(string Field, string Value, bool Equal)> _terms;

    private FieldSelector(IReadOnlyList<(string, string, bool)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>True when the selector has no terms (upstream lists then report <c>remainingItemCount</c>).</summary>
    public bool IsEverything => _terms.Count == 0;

    /// <summary>The value of a <c>metadata.name=X</c> term, if any (lets a watch skip other objects cheaply).</summary>
    public string? Name => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceKind kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var supported = Supported[kind.Resource];
        var terms = new List<(string, string, bool)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (at, length, equal) = term.IndexOf("!=", StringComparison.Ordinal) is >= 0 and var ne ? (ne, 2, false)
                : term.IndexOf("==", StringComparison.Ordinal) is >= 0 and var ee ? (ee, 2, true)
                : term.IndexOf('=', StringComparison.Ordinal) is >= 0 and var e ? (e, 1, true)
                : (-1, 0, true);
            if (at < 0)
            {
                throw ApiStatus.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var field = term[..at].Trim();
            if (!supported.Contains(field))
            {
                throw ApiStatus.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, term[(at + length)..].Trim(), equal));
        }

        return new FieldSelector(terms);
    }

    /// <summary>The field labels a kind supports (none for a kind without field selectors).</summary>
    public static IReadOnlyList<string> SupportedFields(ResourceKind kind) => Supported.GetValueOrDefault(kind.Resource) ?? [];

    public bool Matches(JsonObject obj) => _terms.All(t => (Value(obj, t.Field) == t.Value) == t.Equal);

    /// <summary>The same test on a snapshot taken once for many selectors (a change fanned out to many watches).</summary>
    public bool Matches(Selectable obj) => _terms.All(t => (obj.Fields.GetValueOrDefault(t.Field, string.Empty) == t.Value) == t.Equal);

    /// <summary>A field label's value in the object, as compared with a term's ("" when absent, booleans lower case).</summary>
    public static string Value(JsonObject obj, string field)
    {
        if (field == "source")
        {
            return (string?)obj["source"]?["component"] ?? string.Empty;
        }

        JsonNode? node = obj;
        foreach (var part in field.Split('.'))
        {
            node = node?[part];
        }

        return node switch
        {
            null => string.Empty,
            JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => node.ToString(),
        };
    }
}
