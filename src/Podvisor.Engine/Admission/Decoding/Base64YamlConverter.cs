using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// <c>byte[]</c> fields (a Secret's <c>data</c>) as base64 scalars, the wire form; an empty scalar is null. Matches
/// the converter KubernetesClient's <c>KubernetesYaml</c> keeps private, which <see cref="ModelYaml"/> cannot reuse.
/// </summary>
internal sealed class Base64YamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(byte[]);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        return scalar.Value.Length == 0 ? null : Convert.FromBase64String(scalar.Value);
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(value is byte[] bytes ? Convert.ToBase64String(bytes) : string.Empty));
}
