using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Strict field validation of one object against a KubernetesClient model type, for API objects that do not go
/// through <see cref="ManifestDecoder"/> (the server's apps/v1 bodies). A facade over the engine's schema walk so
/// that its YAML node types stay inside the engine.
/// </summary>
public static class ModelSchemaCheck
{
    /// <summary>Checks one JSON (or YAML) document's fields and value types against <paramref name="modelType"/>.</summary>
    public static ModelSchemaFindings Check(string text, Type modelType)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var checker = new SchemaChecker();
        checker.Check(stream.Documents[0].RootNode, modelType, string.Empty);
        return new ModelSchemaFindings(checker.UnknownFields, [.. checker.TypeErrors.Select(e => e.Message)]);
    }
}
