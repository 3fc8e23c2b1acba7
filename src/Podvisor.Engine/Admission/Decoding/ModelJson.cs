using System.Buffers;
using System.Text.Json;
using k8s.Models;
using Podvisor.Engine.Serialization;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Builds a model object from a YAML node tree that <see cref="SchemaChecker"/> has accepted, by writing it as JSON
/// (each scalar typed by the model property it fills) and reading that with <see cref="Serialization.ModelSerializer"/>. Why: the
/// YamlDotNet object deserializer (<see cref="ModelYaml"/>) must first be built by reflection over ≈150 model types
/// and then re-parses the manifest from text; on <c>podvisor run</c>'s path to the first container that was most of
/// the decoding time, while the JSON serializer (KubernetesClient's source-generated metadata) is needed by the engine
/// for the first pod anyway. It only takes what it can decode exactly as <see cref="ModelYaml"/> would: strings,
/// plain decimal integers, <c>true</c>/<c>false</c>, int-or-string and quantity scalars, lists, maps and objects.
/// Anything else (octal or hex integers, timestamps, base64 data, free-form fields, tags, nulls where a value type
/// or map value stands) makes it return false, and the caller decodes that object with <see cref="ModelYaml"/>.
/// Tests compare its results with <see cref="ModelYaml"/>'s and <c>KubernetesYaml</c>'s.
/// </summary>
internal static class ModelJson
{
    /// <summary>The object <paramref name="node"/> describes, or false when only <see cref="ModelYaml"/> decodes it exactly.</summary>
    public static bool TryDeserialize<T>(YamlNode node, out T? value)
        where T : class
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!TryWrite(node, typeof(T), writer))
            {
                value = null;
                return false;
            }
        }

        using var json = new MemoryStream(buffer.WrittenMemory.ToArray(), writable: false);
        value = ModelSerializer.Deserialize<T>(json);
        return true;
    }

    private static bool TryWrite(YamlNode node, Type type, Utf8JsonWriter writer)
    {
        if (!node.Tag.IsEmpty)
        {
            return false; // an explicit tag (!!str, !!binary…) changes how YamlDotNet reads the scalar
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalarNode scalar && SchemaChecker.Classify(scalar) == ScalarKind.Null)
        {
            // YamlDotNet leaves a null; a non-nullable value type would need its own rule.
            if (type.IsValueType && underlying is null)
            {
                return false;
            }

            writer.WriteNullValue();
            return true;
        }

        type = underlying ?? type;
        return node switch
        {
            YamlScalarNode value => TryWriteScalar(value, type, writer),
            YamlSequenceNode sequence => SchemaChecker.ElementType(type, typeof(IList<>)) is { } element && TryWriteList(sequence, element, writer),
            YamlMappingNode mapping when SchemaChecker.ElementType(type, typeof(IDictionary<,>)) is { } valueType => TryWriteMap(mapping, valueType, writer),
            YamlMappingNode mapping => IsModel(type) && TryWriteObject(mapping, type, writer),
            _ => false,
        };
    }

    private static bool TryWriteScalar(YamlScalarNode scalar, Type type, Utf8JsonWriter writer)
    {
        var text = scalar.Value ?? string.Empty;
        if (type == typeof(string))
        {
            writer.WriteStringValue(text);
            return true;
        }

        if (type == typeof(IntOrString) || type == typeof(ResourceQuantity))
        {
            // KubernetesClient's YAML converters keep the scalar's text (an empty one is null); its JSON converters
            // keep a JSON string's text the same way.
            if (text.Length == 0)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(text);
            }

            return true;
        }

        if ((type == typeof(int) || type == typeof(long)) && IsPlainDecimal(text) && long.TryParse(text, out var number))
        {
            writer.WriteNumberValue(number);
            return true;
        }

        if (type == typeof(bool) && text is "true" or "false")
        {
            writer.WriteBooleanValue(text == "true");
            return true;
        }

        return false;
    }

    private static bool TryWriteList(YamlSequenceNode sequence, Type element, Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var item in sequence.Children)
        {
            // A null item that SchemaChecker did not replace by the element's zero value: leave it to YamlDotNet.
            if (item is YamlScalarNode nullItem && SchemaChecker.Classify(nullItem) == ScalarKind.Null)
            {
                return false;
            }

            if (!TryWrite(item, element, writer))
            {
                return false;
            }
        }

        writer.WriteEndArray();
        return true;
    }

    private static bool TryWriteMap(YamlMappingNode mapping, Type valueType, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || !keyNode.Tag.IsEmpty
                || (valueNode is YamlScalarNode nullValue && SchemaChecker.Classify(nullValue) == ScalarKind.Null))
            {
                return false;
            }

            writer.WritePropertyName(key);
            if (!TryWrite(valueNode, valueType, writer))
            {
                return false;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    private static bool TryWriteObject(YamlMappingNode mapping, Type type, Utf8JsonWriter writer)
    {
        var fields = SchemaChecker.FieldsOf(type);
        writer.WriteStartObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || !fields.TryGetValue(key, out var fieldType))
            {
                return false; // SchemaChecker reports unknown fields before this runs; never guess
            }

            writer.WritePropertyName(key);
            if (!TryWrite(valueNode, fieldType, writer))
            {
                return false;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>A decimal integer as JSON writes it: YAML 1.1's signs, underscores, octal and hex are YamlDotNet's to read.</summary>
    private static bool IsPlainDecimal(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        return digits.Length is > 0 and <= 19 && (digits is "0" || digits[0] != '0') && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static bool IsModel(Type type) => type.IsClass && !type.IsAbstract && type.Namespace == typeof(V1Pod).Namespace;
}
