using System.Text.Json.Nodes;

namespace Podvisor.Server.Patch;

/// <summary>
/// Field sets for server-side apply, in the shape of <c>managedFields[].fieldsV1</c>: a path is a list of
/// segments, <c>f:name</c> for a map key and <c>k:{"name":"app"}</c> for a list element identified by its
/// merge key. Lists without a merge key, and scalars, are leaves (owned as a whole).
/// </summary>
internal static class FieldPaths
{
    private static readonly HashSet<string> Untracked = new(StringComparer.Ordinal) { "apiVersion", "kind", "status" };
    private static readonly HashSet<string> UntrackedMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds",
    };

    /// <summary>Every leaf path an applied configuration sets.</summary>
    public static HashSet<string> Of(JsonObject applied)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in applied)
        {
            if (Untracked.Contains(key) || value is null)
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (metaKey, metaValue) in metadata)
                {
                    if (!UntrackedMetadata.Contains(metaKey) && metaValue is not null)
                    {
                        Walk(metaValue, [$"f:{key}", $"f:{metaKey}"], metaKey, paths);
                    }
                }

                continue;
            }

            Walk(value, [$"f:{key}"], key, paths);
        }

        return paths;
    }

    /// <summary><c>.spec.containers[name="app"].image</c>, as the apiserver names a field in a conflict.</summary>
    public static string Display(string path) => string.Concat(Split(path).Select(segment => segment.StartsWith("f:", StringComparison.Ordinal)
        ? "." + segment[2..]
        : "[" + string.Join(",", JsonNode.Parse(segment[2..])!.AsObject().Select(p => $"{p.Key}={p.Value!.ToJsonString()}")) + "]"));

    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var segment in Split(path))
            {
                if (node[segment] is not JsonObject child)
                {
                    child = new JsonObject();
                    if (segment.StartsWith("k:", StringComparison.Ordinal))
                    {
                        child["."] = new JsonObject();
                    }

                    node[segment] = child;
                }

                node = child;
            }
        }

        return root;
    }

    public static HashSet<string> FromFieldsV1(JsonNode? fields)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (fields is JsonObject obj)
        {
            Collect(obj, [], paths);
        }

        return paths;
    }

    /// <summary>The value at a path in an object, or null when absent.</summary>
    public static JsonNode? Get(JsonNode? root, string path)
    {
        var node = root;
        foreach (var segment in Split(path))
        {
            node = Step(node, segment);
        }

        return node;
    }

    /// <summary>Removes the value at a path, if present.</summary>
    public static void Remove(JsonNode root, string path)
    {
        var segments = Split(path);
        JsonNode? parent = root;
        foreach (var segment in segments.Take(segments.Length - 1))
        {
            parent = Step(parent, segment);
        }

        var last = segments[^1];
        switch (parent)
        {
            case JsonObject obj when last.StartsWith("f:", StringComparison.Ordinal):
                obj.Remove(last[2..]);
                break;
            case JsonArray list when last.StartsWith("k:", StringComparison.Ordinal) && Step(list, last) is { } item:
                list.Remove(item);
                break;
        }
    }

    private static void Walk(JsonNode value, List<string> path, string key, HashSet<string> paths)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (childKey, child) in obj)
                {
                    if (child is not null)
                    {
                        Walk(child, [.. path, $"f:{childKey}"], childKey, paths);
                    }
                }

                break;
            case JsonArray list when StrategicMergePatch.MergeKeyOf(key) is { } mergeKey && list.All(i => i is JsonObject o && o[mergeKey] is not null):
                foreach (var item in list.OfType<JsonObject>())
                {
                    var element = $"k:{new JsonObject { [mergeKey] = item[mergeKey]!.DeepClone() }.ToJsonString()}";
                    paths.Add(Join([.. path, element]));
                    foreach (var (childKey, child) in item)
                    {
                        if (child is not null && childKey != mergeKey)
                        {
                            Walk(child, [.. path, element, $"f:{childKey}"], childKey, paths);
                        }
                    }
                }

                break;
            default:
                paths.Add(Join(path));
                break;
        }
    }

    private static void Collect(JsonObject node, List<string> path, HashSet<string> paths)
    {
        var children = node.Where(p => p.Key != ".").ToList();
        if (path.Count > 0 && (children.Count == 0 || node.ContainsKey(".")))
        {
            paths.Add(Join(path));
        }

        foreach (var (key, child) in children)
        {
            if (child is JsonObject obj)
            {
                Collect(obj, [.. path, key], paths);
            }
        }
    }

    private static JsonNode? Step(JsonNode? node, string segment)
    {
        if (segment.StartsWith("f:", StringComparison.Ordinal))
        {
            return (node as JsonObject)?[segment[2..]];
        }

        var key = JsonNode.Parse(segment[2..])!.AsObject().First();
        return (node as JsonArray)?.OfType<JsonObject>().FirstOrDefault(i => JsonNode.DeepEquals(i[key.Key], key.Value));
    }

    private static string Join(IEnumerable<string> segments) => string.Join('\n', segments);

    private static string[] Split(string path) => path.Split('\n');
}
