using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Podvisor.Server.Api;

/// <summary>
/// An <c>application/yaml</c> request body as the JSON object it denotes (the apiserver's YAML serializer converts
/// YAML to JSON before decoding). Built from the parser's events with an explicit stack, so no nesting depth can
/// overflow the thread's stack, and depth is capped at go-yaml's 10 000; aliases are refused (they let a small body expand without bound).
/// </summary>
internal static partial class YamlBody
{
    /// <summary>go-yaml's limit, which the apiserver's YAML path has; it also bounds the parser's per-level cost.</summary>
    public const int MaxDepth = 10_000;

    public static JsonObject Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<(JsonNode Node, string? PendingKey)>();
        JsonNode? root = null;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current;
                switch (current)
                {
                    case AnchorAlias:
                        throw ApiStatus.BadRequest("error converting YAML to JSON: YAML aliases are not supported");
                    case MappingStart:
                        Push(new JsonObject());
                        break;
                    case SequenceStart:
                        Push(new JsonArray());
                        break;
                    case MappingEnd or SequenceEnd:
                        var (done, _) = stack.Pop();
                        if (stack.Count == 0)
                        {
                            root = done;
                        }

                        break;
                    case Scalar scalar:
                        if (stack.Count > 0 && stack.Peek() is { Node: JsonObject, PendingKey: null } map)
                        {
                            stack.Pop();
                            stack.Push((map.Node, scalar.Value));
                        }
                        else
                        {
                            Add(ToValue(scalar));
                        }

                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw ApiStatus.BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line.ToString(CultureInfo.InvariantCulture)}: {e.Message}");
        }

        return root as JsonObject ?? throw ApiStatus.BadRequest("the request body must be a YAML mapping");

        void Push(JsonNode node)
        {
            if (stack.Count >= MaxDepth)
            {
                throw ApiStatus.BadRequest($"error converting YAML to JSON: yaml: exceeded max depth of {MaxDepth.ToString(CultureInfo.InvariantCulture)}");
            }

            if (stack.Count > 0)
            {
                Add(node);
            }

            stack.Push((node, null));
        }

        void Add(JsonNode? value)
        {
            if (stack.Count == 0)
            {
                return;
            }

            var (parent, key) = stack.Pop();
            if (parent is JsonArray array)
            {
                array.Add(value);
                stack.Push((parent, null));
                return;
            }

            var obj = (JsonObject)parent;
            if (key is null || obj.ContainsKey(key))
            {
                throw ApiStatus.BadRequest($"error converting YAML to JSON: yaml: mapping key {FormattableString.Invariant($"\"{key}\"")} already defined");
            }

            obj[key] = value;
            stack.Push((parent, null));
        }
    }

    /// <summary>Plain scalars resolve to null, booleans and numbers as YAML's core schema does; quoted ones stay strings.</summary>
    private static JsonNode? ToValue(Scalar scalar)
    {
        var value = scalar.Value;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value[0] is 't' or 'T');
        }

        if (Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        return Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(value);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
