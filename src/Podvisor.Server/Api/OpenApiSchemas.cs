using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Podvisor.Server.Api;

/// <summary>
/// OpenAPI v3 component schemas for the served kinds, generated from the official KubernetesClient models
/// (their <c>JsonPropertyName</c>s and CLR types), so that <c>kubectl explain</c> can list fields and types.
/// The models carry no descriptions at run time, so the schemas have none.
/// </summary>
internal static class OpenApiSchemas
{
    private static readonly (Type Type, string Kind)[] Kinds =
        [(typeof(V1Pod), "Pod"), (typeof(Corev1Event), "Event"), (typeof(V1Namespace), "Namespace"), (typeof(V1Node), "Node")];

    /// <summary>The model types the schemas start from: what they reach is kept whole in the AOT podvisor (ModelTypes.xml).</summary>
    internal static IEnumerable<Type> Roots => Kinds.Select(k => k.Type);

    public static JsonObject Generate()
    {
        var schemas = new JsonObject();
        foreach (var (type, kind) in Kinds)
        {
            Add(type, schemas);
            schemas[NameOf(type)]!["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = string.Empty, ["kind"] = kind, ["version"] = "v1" });
        }

        return schemas;
    }

    /// <summary>The upstream schema name: <c>V1PodSpec</c> → <c>io.k8s.api.core.v1.PodSpec</c>.</summary>
    private static string NameOf(Type type)
    {
        var name = type.Name;
        var version = 0;
        if (name.StartsWith("Corev1", StringComparison.Ordinal))
        {
            return "io.k8s.api.core.v1." + name["Corev1".Length..];
        }

        if (name.Length > 1 && name[0] == 'V' && char.IsDigit(name[1]))
        {
            version = 1;
            while (version < name.Length && char.IsAsciiLetterOrDigit(name[version]) && !char.IsUpper(name[version]))
            {
                version++;
            }
        }

        var bare = name[version..];
        var group = bare is "ObjectMeta" or "ManagedFieldsEntry" or "OwnerReference" or "Time" ? "io.k8s.apimachinery.pkg.apis.meta.v1." : "io.k8s.api.core.v1.";
        return group + bare;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "The model types' public properties are kept: the published podvisor keeps every model type reachable from Roots whole (Podvisor.Cli.csproj, ModelTypes.xml, checked by ModelTypesDescriptorTests).")]
    private static void Add(Type type, JsonObject schemas)
    {
        var name = NameOf(type);
        if (schemas.ContainsKey(name))
        {
            return;
        }

        var properties = new JsonObject();
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        schemas[name] = schema;
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } json)
            {
                continue;
            }

            properties[json.Name] = SchemaOf(property.PropertyType, schemas);
            if (property.GetCustomAttribute<JsonRequiredAttribute>() is not null)
            {
                required.Add((JsonNode?)json.Name);
            }
        }

        if (required.Count > 0)
        {
            schema["required"] = required;
        }
    }

    private static JsonObject SchemaOf(Type type, JsonObject schemas)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(ResourceQuantity))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (type == typeof(DateTime))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type == typeof(IntOrString))
        {
            return new JsonObject { ["x-kubernetes-int-or-string"] = true };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        if (type.IsGenericType && type.GetGenericArguments() is { Length: 2 } map)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = SchemaOf(map[1], schemas) };
        }

        if (type.IsGenericType && type.GetGenericArguments() is { Length: 1 } item && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return new JsonObject { ["type"] = "array", ["items"] = SchemaOf(item[0], schemas) };
        }

        if (type.Namespace == typeof(V1Pod).Namespace && type.IsClass)
        {
            Add(type, schemas);
            return new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + NameOf(type) }) };
        }

        return new JsonObject { ["type"] = "object" };
    }
}
