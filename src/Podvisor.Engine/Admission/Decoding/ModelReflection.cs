namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Why reflection over the Kubernetes model types is safe in the ahead-of-time compiled podvisor: the published
/// executable keeps every type of KubernetesClient's model namespace whole and the YamlDotNet assembly entirely
/// (src/Podvisor.Cli/ModelTypes.xml and <c>TrimmerRootAssembly</c> in Podvisor.Cli.csproj), so every public property of
/// every model type, and every type YamlDotNet creates by reflection, is kept. The end-to-end tests run that executable, strict decoding included.
/// </summary>
internal static class ModelReflection
{
    public const string ModelsRooted =
        "The published executable keeps the k8s.Models types whole and YamlDotNet entirely (Podvisor.Cli.csproj, ModelTypes.xml), so the model types' public properties are kept.";
}
