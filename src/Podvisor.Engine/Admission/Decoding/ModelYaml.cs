using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Strict YAML decoding of the official models for the kinds podvisor reads from manifests, configured like
/// KubernetesClient's <c>KubernetesYaml</c> strict deserializer (camelCase, the JSON property names as YAML aliases,
/// the same type converters, duplicate keys rejected, unknown fields rejected) but built for the types reachable
/// from those kinds only. Why: <c>KubernetesYaml</c>'s static initialiser builds three (de)serializers and a kind map
/// by reflecting over every property of every model type in the assembly (≈170 ms even precompiled), on the path
/// from <c>podvisor run</c> to the first container; this one reflects over the ≈150 types a Pod, ConfigMap or Secret
/// can contain. Tests compare its results with <c>KubernetesYaml.Deserialize(strict: true)</c>.
/// </summary>
internal static class ModelYaml
{
    /// <summary>The types callers decode; everything reachable from them gets its JSON names (and is kept whole in the AOT podvisor).</summary>
    internal static readonly Type[] Roots = [typeof(V1Pod), typeof(V1ConfigMap), typeof(V1Secret), typeof(V1PodTemplateSpec), typeof(V1Deployment), typeof(V1ReplicaSet)];

    private static readonly Lazy<Decoder> Instance = new(Decoder.Build);

    /// <summary>Decodes <paramref name="yaml"/> as <typeparamref name="T"/>; throws YamlException on an unknown field.</summary>
    /// <exception cref="InvalidOperationException">T is not reachable from the roots (a bug in the caller).</exception>
    public static T Deserialize<T>(string yaml)
    {
        var decoder = Instance.Value;
        if (!decoder.Covers(typeof(T)))
        {
            throw new InvalidOperationException($"{typeof(T).Name} is not among the model types {nameof(ModelYaml)} was built for");
        }

        return decoder.Deserialize<T>(yaml);
    }

    /// <summary>The built deserializer and the model types it knows, so that nothing decodes without its aliases.</summary>
    private sealed class Decoder(IDeserializer deserializer, IReadOnlySet<Type> covered)
    {
        private readonly Lock _gate = new();

        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ModelReflection.ModelsRooted)]
        [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = ModelReflection.ModelsRooted)]
        public static Decoder Build()
        {
            var builder = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .WithTypeConverter(new IntOrStringYamlConverter())
                .WithTypeConverter(new Base64YamlConverter())
                .WithTypeConverter(new ResourceQuantityYamlConverter())
                .WithTypeConverter(new KubernetesDateTimeYamlConverter())
                .WithTypeConverter(new KubernetesDateTimeOffsetYamlConverter())
                .WithAttemptingUnquotedStringTypeDeserialization()
                .WithDuplicateKeyChecking();
            var covered = ModelTypeClosure.Of(Roots);
            foreach (var type in covered)
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } json)
                    {
                        builder.WithAttributeOverride(type, property.Name, new YamlMemberAttribute { Alias = json.Name, ApplyNamingConventions = false });
                    }
                }
            }

            return new Decoder(builder.Build(), covered);
        }

        public bool Covers(Type type) => ModelTypeClosure.ModelTypesIn(type).All(covered.Contains);

        public T Deserialize<T>(string yaml)
        {
            // YamlDotNet's deserializer is not documented as thread-safe; KubernetesYaml locks the same way.
            lock (_gate)
            {
                return deserializer.Deserialize<T>(new MergingParser(new Parser(new StringReader(yaml))));
            }
        }
    }
}
