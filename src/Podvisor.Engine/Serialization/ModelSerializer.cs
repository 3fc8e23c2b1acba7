using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Podvisor.Engine.Serialization;

/// <summary>
/// JSON for Kubernetes model objects, byte for byte what KubernetesClient's <c>KubernetesJson</c> writes and reads, over
/// <see cref="ModelJsonContext"/>'s metadata only (why: see there). A type the context does not cover is a
/// programming error, reported with its name.
/// </summary>
public static class ModelSerializer
{
    /// <summary>The object as JSON, by its runtime type; <c>null</c> for a null reference, as <c>JsonSerializer</c> writes it.</summary>
    public static string Serialize(object? value) =>
        value is null ? "null" : JsonSerializer.Serialize(value, InfoFor(value.GetType()));

    /// <summary>The object that <paramref name="json"/> describes.</summary>
    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize(json, Info<T>())!;

    /// <summary>The object that the JSON in <paramref name="json"/> describes.</summary>
    public static T Deserialize<T>(Stream json) => JsonSerializer.Deserialize(json, Info<T>())!;

    /// <summary>A copy through JSON, as the engine hands out specs and statuses that callers may change.</summary>
    public static T Copy<T>(T value) => Deserialize<T>(Serialize(value));

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)InfoFor(typeof(T));

    private static JsonTypeInfo InfoFor(Type type) =>
        ModelJsonContext.Default.GetTypeInfo(type)
        ?? throw new NotSupportedException($"{type.FullName} is not in podvisor's model JSON metadata (ModelJsonContext): add a root that contains it");
}
