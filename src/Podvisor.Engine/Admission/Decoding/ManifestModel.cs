namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Decodes one YAML document as a Pod, Deployment or ReplicaSet with the engine's strict model decoding, for
/// callers outside the engine that need a typed object (the CLI sizing its live view for workloads). A facade over
/// <see cref="ModelYaml"/>: KubernetesClient's <c>KubernetesYaml</c> builds its deserializers by reflection over every
/// model type, which the ahead-of-time compiled podvisor cannot do.
/// </summary>
public static class ManifestModel
{
    /// <exception cref="YamlDotNet.Core.YamlException">The document is not valid for <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(string yaml)
        where T : class => ModelYaml.Deserialize<T>(yaml);
}
