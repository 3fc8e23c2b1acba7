using System.Text.Json.Nodes;

namespace Podvisor.Server.Patch;

/// <summary>
/// Strategic merge patch for pods (apimachinery <c>strategicpatch</c>): maps merge recursively, null deletes,
/// lists with a merge key (containers by name, ports by containerPort, …) merge element-wise, other lists are
/// replaced; the directives <c>$patch</c>, <c>$setElementOrder/</c>, <c>$retainKeys</c> and
/// <c>$deleteFromPrimitiveList/</c> are honoured.
/// </summary>
internal static class StrategicMergePatch
{
    /// <summary>patchMergeKey of the core/v1 list fields a Pod holds (k8s.io/api/core/v1 types.go).</summary>
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["resourceClaims"] = "name",
        ["ports"] = "containerPort",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["conditions"] = "type",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["ownerReferences"] = "uid",
        ["readinessGates"] = "conditionType",
        ["containerStatuses"] = "name",
        ["initContainerStatuses"] = "name",
        ["podIPs"] = "ip",
    };

    public static JsonObject Apply(JsonObject original, JsonObject patch) => MergeMap(original, patch) ?? [];

    /// <summary>The merge key of a list field, or null for lists replaced whole.</summary>
    public static string? MergeKeyOf(string field) => MergeKeys.GetValueOrDefault(field);

    private static JsonObject? MergeMap(JsonObject original, JsonObject patch)
    {
        switch ((string?)patch["$patch"])
        {
            case "delete":
                return null;
            case "replace":
                return (JsonObject?)Clean(patch);
        }

        var result = original;
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var list = key["$deleteFromPrimitiveList/".Length..];
                if (result[list] is JsonArray items && value is JsonArray remove)
                {
                    foreach (var item in items.Where(i => remove.Any(r => JsonNode.DeepEquals(i, r))).ToList())
                    {
                        items.Remove(item);
                    }
                }
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject patchMap && result[key] is JsonObject originalMap)
            {
                var merged = MergeMap(originalMap.DeepClone().AsObject(), patchMap);
                if (merged is null)
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = merged;
                }
            }
            else if (value is JsonArray patchList && KeyOf(key, result[key] as JsonArray, patchList) is { } mergeKey && result[key] is JsonArray originalList)
            {
                result[key] = MergeList(originalList.DeepClone().AsArray(), patchList, mergeKey);
            }
            else if (value is JsonObject { } deleteOnly && (string?)deleteOnly["$patch"] == "delete")
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Clean(value);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) && value is JsonArray order)
            {
                var list = key["$setElementOrder/".Length..];
                if (result[list] is JsonArray items)
                {
                    result[list] = Reorder(items, order, KeyOf(list, items, order));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The merge key of a list: a Service's <c>spec.ports</c> (ServicePort, patchMergeKey <c>port</c>) shares its field
    /// name with a container's ports (<c>containerPort</c>), told apart by what the items hold.
    /// </summary>
    private static string? KeyOf(string field, JsonArray? original, JsonArray patch)
    {
        var key = MergeKeys.GetValueOrDefault(field);
        if (key == "containerPort")
        {
            var items = (original ?? []).Concat(patch).OfType<JsonObject>().ToList();
            if (!items.Any(i => i.ContainsKey("containerPort")) && items.Any(i => i.ContainsKey("port")))
            {
                return "port";
            }
        }

        return key;
    }

    private static JsonArray MergeList(JsonArray original, JsonArray patch, string mergeKey)
    {
        if (patch.OfType<JsonObject>().Any(p => (string?)p["$patch"] == "replace"))
        {
            return new JsonArray(patch.OfType<JsonObject>().Where(p => (string?)p["$patch"] != "replace").Select(p => (JsonNode?)Clean(p)).ToArray());
        }

        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                original.Add(item?.DeepClone());
                continue;
            }

            var key = patchItem[mergeKey];
            var index = original.Select((o, i) => (o, i)).FirstOrDefault(x => x.o is JsonObject o && JsonNode.DeepEquals(o[mergeKey], key), (null!, -1)).i;
            if ((string?)patchItem["$patch"] == "delete")
            {
                if (index >= 0)
                {
                    original.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                var merged = MergeMap(original[index]!.DeepClone().AsObject(), patchItem);
                original[index] = merged;
            }
            else
            {
                original.Add(Clean(patchItem));
            }
        }

        return original;
    }

    private static JsonArray Reorder(JsonArray items, JsonArray order, string? mergeKey)
    {
        var remaining = items.Select(i => i?.DeepClone()).ToList();
        var result = new JsonArray();
        foreach (var wanted in order)
        {
            var match = remaining.FirstOrDefault(i => mergeKey is null
                ? JsonNode.DeepEquals(i, wanted)
                : i is JsonObject o && JsonNode.DeepEquals(o[mergeKey], wanted?[mergeKey]));
            if (match is not null)
            {
                remaining.Remove(match);
                result.Add(match);
            }
        }

        foreach (var rest in remaining)
        {
            result.Add(rest);
        }

        return result;
    }

    /// <summary>Copies a patch value without its directives.</summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (!key.StartsWith('$'))
                    {
                        copy[key] = Clean(value);
                    }
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(Clean).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
