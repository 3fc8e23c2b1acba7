using System.Text.Json.Nodes;
using Podvisor.Server.Store;

namespace Podvisor.Server.Selectors;

/// <summary>
/// What selectors look at in one object, taken out once: its labels and the values of its kind's field labels
/// (upstream <c>GetAttrs</c>, which the watch cache stores with every event as <c>ObjLabels</c>/<c>ObjFields</c>).
/// Immutable, so one snapshot serves every watch of a change from any thread, where a <c>JsonObject</c> may not be
/// shared: a hundred watches of one change parse it once, not a hundred times.
/// </summary>
internal sealed class Selectable
{
    private static readonly Dictionary<string, string> NoLabels = new(StringComparer.Ordinal);

    private Selectable(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> fields)
    {
        Labels = labels;
        Fields = fields;
    }

    /// <summary>The object's string labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Every field label the kind supports, with its value as a field selector compares it.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    public static Selectable Of(ResourceKind kind, JsonObject obj)
    {
        var labels = NoLabels;
        if (obj["metadata"]?["labels"] is JsonObject given)
        {
            labels = new Dictionary<string, string>(given.Count, StringComparer.Ordinal);
            foreach (var (key, value) in given)
            {
                if (value is JsonValue text && text.TryGetValue<string>(out var s))
                {
                    labels[key] = s;
                }
            }
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in FieldSelector.SupportedFields(kind))
        {
            fields[field] = FieldSelector.Value(obj, field);
        }

        return new Selectable(labels, fields);
    }
}
