using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Walks a YAML node tree against a KubernetesClient model type and reports what the apiserver's
/// strict field validation would: every unknown field with its full path, and values of the wrong
/// JSON type. KubernetesClient's own strict mode stops at the first unknown field and gives no path.
/// </summary>
internal sealed partial class SchemaChecker
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> Fields = new();

    private readonly List<string> _unknownFields = [];
    private readonly List<(YamlNode Node, string Field, string Message)> _typeErrors = [];

    /// <summary>Full paths of unknown fields, in document order.</summary>
    public IReadOnlyList<string> UnknownFields => _unknownFields;

    /// <summary>Values whose YAML type does not fit the field: the node for its line, the field's full path, and the message (which starts with that path).</summary>
    public IReadOnlyList<(YamlNode Node, string Field, string Message)> TypeErrors => _typeErrors;

    public void Check(YamlNode node, Type type, string path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is YamlScalarNode scalar && Classify(scalar) == ScalarKind.Null)
        {
            return; // null is every type's zero value
        }

        if (type == typeof(object) || type == typeof(IntOrString) || type == typeof(ResourceQuantity) || type == typeof(DateTime) || type == typeof(byte[]))
        {
            ExpectScalarUnlessObject(node, type, path);
            if (node is YamlScalarNode value)
            {
                CheckScalarValue(value, type, path);
            }
        }
        else if (type == typeof(string))
        {
            ExpectScalar(node, path, "string", ScalarKind.String);
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (ExpectScalar(node, path, "integer", ScalarKind.Integer))
            {
                CheckIntegerRange((YamlScalarNode)node, type == typeof(int) ? "int32" : "int64", path);
            }
        }
        else if (type == typeof(bool))
        {
            ExpectScalar(node, path, "boolean", ScalarKind.Boolean);
        }
        else if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            ExpectScalar(node, path, "number", ScalarKind.Integer, ScalarKind.Float);
        }
        else if (ElementType(type, typeof(IList<>)) is { } element)
        {
            CheckList(node, element, path);
        }
        else if (ElementType(type, typeof(IDictionary<,>)) is { } value)
        {
            CheckMap(node, value, path);
        }
        else
        {
            CheckObject(node, type, path);
        }
    }

    private void CheckObject(YamlNode node, Type type, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            Mismatch(node, path, "object");
            return;
        }

        var fields = FieldsOf(type);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (fields.TryGetValue(key, out var fieldType))
            {
                Check(valueNode, fieldType, childPath);
            }
            else
            {
                _unknownFields.Add(childPath);
            }
        }
    }

    private void CheckList(YamlNode node, Type element, string path)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Mismatch(node, path, "list");
            return;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode item && Classify(item) == ScalarKind.Null && ZeroValue(element) is { } zero)
            {
                // Go decodes a null list item as the element's zero value (an empty string, an empty struct),
                // which validation then judges; KubernetesClient would keep a null the engine cannot use.
                sequence.Children[i] = zero;
            }

            Check(sequence.Children[i], element, $"{path}[{i}]");
        }
    }

    /// <summary>Maps (labels, nodeSelector, resources.limits…) take any key; only values are checked.</summary>
    private void CheckMap(YamlNode node, Type value, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            Mismatch(node, path, "object");
            return;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            Check(valueNode, value, $"{path}.{(keyNode as YamlScalarNode)?.Value}");
        }
    }

    private void ExpectScalarUnlessObject(YamlNode node, Type type, string path)
    {
        // Free-form fields (managedFields' fieldsV1) may hold anything.
        if (type != typeof(object) && node is not YamlScalarNode)
        {
            Mismatch(node, path, type == typeof(IntOrString) ? "integer or string" : "string");
        }
    }

    private bool ExpectScalar(YamlNode node, string path, string expected, params ScalarKind[] accepted)
    {
        if (node is not YamlScalarNode scalar)
        {
            Mismatch(node, path, expected);
            return false;
        }

        var kind = Classify(scalar);
        if (!accepted.Contains(kind) && !(kind == ScalarKind.Integer && accepted.Contains(ScalarKind.Float)))
        {
            var hint = expected == "string" ? " (quote it)" : string.Empty;
            _typeErrors.Add((node, path, $"{path}: expected {expected}, got {Describe(kind)} {FieldError.Quote(scalar.Value ?? string.Empty)}{hint}"));
            return false;
        }

        return true;
    }

    private void CheckIntegerRange(YamlScalarNode scalar, string goType, string path)
    {
        if (!ScalarValues.FitsInteger(scalar.Value ?? string.Empty, goType == "int32"))
        {
            // encoding/json's UnmarshalTypeError wording, with our field path instead of Go's struct names.
            _typeErrors.Add((scalar, path, $"{path}: cannot unmarshal number {scalar.Value} into a field of type {goType}"));
        }
    }

    private void CheckScalarValue(YamlScalarNode scalar, Type type, string path)
    {
        var kind = Classify(scalar);
        var value = scalar.Value ?? string.Empty;
        if (type == typeof(IntOrString) && kind == ScalarKind.Integer)
        {
            CheckIntegerRange(scalar, "int32", path);
        }
        else if (type == typeof(ResourceQuantity) && !ScalarValues.IsQuantity(value))
        {
            _typeErrors.Add((scalar, path, $"{path}: {ScalarValues.QuantityFormatMessage}"));
        }
        else if (type == typeof(DateTime) && !ScalarValues.IsRfc3339(value))
        {
            _typeErrors.Add((scalar, path, $"{path}: parsing time {FieldError.Quote(value)} as \"2006-01-02T15:04:05Z07:00\": not an RFC 3339 time"));
        }
    }

    private static YamlNode? ZeroValue(Type element)
    {
        element = Nullable.GetUnderlyingType(element) ?? element;
        if (element == typeof(string))
        {
            return new YamlScalarNode(string.Empty) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
        }

        return element.IsClass && element.Namespace == typeof(V1Pod).Namespace ? new YamlMappingNode() : null;
    }

    private void Mismatch(YamlNode node, string path, string expected)
    {
        var actual = node switch
        {
            YamlMappingNode => "object",
            YamlSequenceNode => "list",
            YamlScalarNode s => Describe(Classify(s)),
            _ => "unknown",
        };
        _typeErrors.Add((node, path, $"{path}: expected {expected}, got {actual}"));
    }

    private static string Describe(ScalarKind kind) => kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "boolean",
        ScalarKind.Integer => "integer",
        ScalarKind.Float => "number",
        ScalarKind.String => "string",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>YAML 1.1 resolution of a plain scalar (go-yaml v2, which sigs.k8s.io/yaml uses); quoted scalars are strings.</summary>
    internal static ScalarKind Classify(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any))
        {
            return ScalarKind.String;
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" or "yes" or "Yes" or "YES" or "no" or "No" or "NO"
                or "on" or "On" or "ON" or "off" or "Off" or "OFF" or "y" or "Y" or "n" or "N" => ScalarKind.Boolean,
            _ when IntegerRegex().IsMatch(value) => ScalarKind.Integer,
            _ when FloatRegex().IsMatch(value) => ScalarKind.Float,
            _ => ScalarKind.String,
        };
    }

    /// <summary>The element (or map value) type when <paramref name="type"/> is <paramref name="genericDefinition"/> closed over it, else null.</summary>
    internal static Type? ElementType(Type type, Type genericDefinition)
    {
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != genericDefinition)
        {
            return null;
        }

        var arguments = type.GetGenericArguments();
        return arguments[^1];
    }

    /// <summary>A model type's fields by their JSON (wire) name, with each property's type; read once per type.</summary>
    internal static IReadOnlyDictionary<string, Type> FieldsOf(Type type) => Fields.GetOrAdd(type, ReadFields);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ModelReflection.ModelsRooted)]
    private static IReadOnlyDictionary<string, Type> ReadFields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.PropertyType, StringComparer.Ordinal); // ! filtered by the Where above

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)\z|^[-+]?0x[0-9a-fA-F_]+\z|^[-+]?0o?[0-7_]+\z")]
    private static partial Regex IntegerRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?\z|^[-+]?\.(inf|Inf|INF)\z|^\.(nan|NaN|NAN)\z")]
    private static partial Regex FloatRegex();
}
