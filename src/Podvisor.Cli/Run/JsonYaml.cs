using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Podvisor.Cli.Run;

/// <summary>
/// Writes a JSON document as block YAML, the way kubectl makes <c>-o yaml</c>: the object's JSON converted by
/// <c>sigs.k8s.io/yaml</c>'s <c>JSONToYAML</c>, which reads it into go-yaml's generic maps, so every mapping's keys come
/// out sorted (<c>apiVersion</c>, <c>items</c>, <c>kind</c>, <c>metadata</c>…). Strings are double-quoted when YAML would read them as something else (empty, a number, a
/// boolean, null; the rule of KubernetesClient's <c>StringQuotingEmitter</c>), multi-line strings as literal
/// blocks, numbers and booleans plain. Why not <c>KubernetesYaml.Serialize</c>: it builds its serializer by
/// reflection over every model type, which the ahead-of-time compiled podvisor cannot do, and it writes times in
/// .NET's format rather than the RFC 3339 of the JSON (and of kubectl).
/// </summary>
internal static partial class JsonYaml
{
    public static string Write(JsonNode document)
    {
        var text = new StringWriter();
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (name, value) in obj.OrderBy(field => field.Key, StringComparer.Ordinal))
                {
                    EmitString(emitter, name);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case null:
                EmitPlain(emitter, "null");
                break;
            default:
                // Numbers, true and false: their JSON text is their YAML text.
                EmitPlain(emitter, node.ToJsonString());
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string value)
    {
        var style = NotPlainString().IsMatch(value) ? ScalarStyle.DoubleQuoted
            : value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, value, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    private static void EmitPlain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

    /// <summary>A string a YAML reader would take for null, a boolean or a number (or empty).</summary>
    [GeneratedRegex(@"^(\~|null|true|false|-?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$")]
    private static partial Regex NotPlainString();
}
