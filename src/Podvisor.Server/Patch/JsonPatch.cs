using System.Globalization;
using System.Text.Json.Nodes;
using Podvisor.Server.Api;

namespace Podvisor.Server.Patch;

/// <summary>RFC 6902 JSON patch (<c>application/json-patch+json</c>): add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document?.DeepClone() };
        foreach (var node in operations)
        {
            if (node is not JsonObject operation || (string?)operation["op"] is not { } op || (string?)operation["path"] is not { } path)
            {
                throw ApiStatus.BadRequest("json patch: every operation needs \"op\" and \"path\"");
            }

            switch (op)
            {
                case "add":
                    Add(root, path, Value(operation));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, Value(operation));
                    break;
                case "move":
                    {
                        var from = From(operation);
                        var value = Remove(root, from);
                        Add(root, path, value);
                        break;
                    }

                case "copy":
                    Add(root, path, Get(root, From(operation))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                    {
                        throw Unprocessable($"testing value {path} failed");
                    }

                    break;
                default:
                    throw ApiStatus.BadRequest($"json patch: unexpected operation \"{op}\"");
            }
        }

        return root["doc"];
    }

    private static JsonNode? Value(JsonObject operation) =>
        operation.ContainsKey("value") ? operation["value"]?.DeepClone() : throw ApiStatus.BadRequest("json patch: missing value");

    private static string From(JsonObject operation) => (string?)operation["from"] ?? throw ApiStatus.BadRequest("json patch: missing from");

    private static (JsonNode Parent, string Token) Locate(JsonObject root, string path)
    {
        if (path.Length > 0 && path[0] != '/')
        {
            throw ApiStatus.BadRequest($"json patch: invalid path \"{path}\"");
        }

        var tokens = ("/doc" + path).Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
        JsonNode current = root;
        foreach (var token in tokens.Take(tokens.Count - 1))
        {
            current = Child(current, token) ?? throw Unprocessable($"doc is missing path: {path}");
        }

        return (current, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj[token],
        JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, token) = Locate(root, path);
        return Child(parent, token);
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, token) = Locate(root, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array when token == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Unprocessable($"doc is missing path: {path}");
        }
    }

    private static JsonNode? Remove(JsonObject root, string path)
    {
        var (parent, token) = Locate(root, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(token):
                {
                    var value = obj[token];
                    obj.Remove(token);
                    return value;
                }

            case JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count:
                {
                    var value = array[i];
                    array.RemoveAt(i);
                    return value;
                }

            default:
                throw Unprocessable($"doc is missing path: {path}");
        }
    }

    private static ApiException Unprocessable(string message) => new(422, "Invalid", message);
}
