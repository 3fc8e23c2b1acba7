using System.Text.Json.Nodes;
using Podvisor.Server.Api;

namespace Podvisor.Server.Patch;

/// <summary>
/// Server-side apply with field ownership, simplified: each field manager's applied field set is kept in
/// <c>metadata.managedFields</c> (operation Apply, FieldsV1). Applying sets the applied fields, removes the
/// fields this manager applied before and no longer does (unless another manager also applies them), and
/// refuses (409, <c>FieldManagerConflict</c>) to change a field another manager applied with a different
/// value, unless forced, which moves ownership. Fields written by plain updates are not tracked.
/// </summary>
internal static class ServerSideApply
{
    public static JsonObject Apply(JsonObject live, JsonObject applied, string manager, bool force, string name, DateTimeOffset now)
    {
        var mine = FieldPaths.Of(applied);
        var entries = Entries(live);
        var others = entries.Where(e => e.Manager != manager).ToList();
        var previous = entries.FirstOrDefault(e => e.Manager == manager)?.Fields ?? [];

        var conflicts = new List<(string Manager, string Path)>();
        // A keyed list element is a set member, not a value: only its fields can conflict.
        foreach (var path in mine.Where(p => !p.Split('\n')[^1].StartsWith("k:", StringComparison.Ordinal)))
        {
            foreach (var other in others.Where(o => o.Fields.Contains(path)))
            {
                if (!JsonNode.DeepEquals(FieldPaths.Get(live, path), FieldPaths.Get(applied, path)))
                {
                    conflicts.Add((other.Manager, path));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts, name);
        }

        var result = live.DeepClone().AsObject();
        foreach (var path in previous.Where(p => !mine.Contains(p) && !others.Any(o => o.Fields.Contains(p))))
        {
            FieldPaths.Remove(result, path);
        }

        result = StrategicMergePatch.Apply(result, applied);
        if (force)
        {
            foreach (var other in others)
            {
                other.Fields.ExceptWith(mine);
            }
        }

        var updated = others.Where(o => o.Fields.Count > 0).Append(new Entry(manager, mine)).ToList();
        SetEntries(result, updated, now);
        return result;
    }

    /// <summary>The managedFields of a newly created object: the applier owns what it applied.</summary>
    public static void Own(JsonObject created, JsonObject applied, string manager, DateTimeOffset now) =>
        SetEntries(created, [new Entry(manager, FieldPaths.Of(applied))], now);

    private static ApiException Conflict(List<(string Manager, string Path)> conflicts, string name)
    {
        var causes = new JsonArray();
        foreach (var (manager, path) in conflicts)
        {
            causes.Add((JsonNode?)new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with \"{manager}\"",
                ["field"] = FieldPaths.Display(path),
            });
        }

        // The apiserver's wording (structured-merge-diff Conflicts.Error): one conflict inline, several grouped by manager.
        var message = conflicts.Count == 1
            ? $"Apply failed with 1 conflict: conflict with \"{conflicts[0].Manager}\": {FieldPaths.Display(conflicts[0].Path)}"
            : $"Apply failed with {conflicts.Count} conflicts: " + string.Join("\n", conflicts.GroupBy(c => c.Manager).Select(g =>
                $"conflicts with \"{g.Key}\":\n" + string.Join("\n", g.Select(c => "- " + FieldPaths.Display(c.Path)))));
        return new ApiException(409, "Conflict", message, new JsonObject { ["name"] = name, ["kind"] = "pods", ["causes"] = causes });
    }

    private static List<Entry> Entries(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>()
            .Where(e => (string?)e["operation"] == "Apply" && (string?)e["manager"] is not null)
            .Select(e => new Entry((string)e["manager"]!, FieldPaths.FromFieldsV1(e["fieldsV1"])))
            .ToList() ?? [];

    private static void SetEntries(JsonObject obj, List<Entry> entries, DateTimeOffset now)
    {
        var metadata = (obj["metadata"] ??= new JsonObject()).AsObject();
        var kept = (metadata["managedFields"] as JsonArray)?.OfType<JsonObject>().Where(e => (string?)e["operation"] != "Apply").Select(e => e.DeepClone()) ?? [];
        var list = new JsonArray([.. kept]);
        foreach (var entry in entries)
        {
            list.Add((JsonNode?)new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = "Apply",
                ["apiVersion"] = "v1",
                ["time"] = Store.ObjectMetadata.Timestamp(now),
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldPaths.ToFieldsV1(entry.Fields),
            });
        }

        metadata["managedFields"] = list;
    }

    private sealed record Entry(string Manager, HashSet<string> Fields);
}
