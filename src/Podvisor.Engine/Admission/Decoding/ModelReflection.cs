namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Why reflection over the Kubernetes model types is safe in the ahead-of-time compiled podvisor: the published
/// executable roots the whole KubernetesClient and YamlDotNet assemblies (<c>TrimmerRootAssembly</c> in
/// src/Podvisor.Cli/Podvisor.Cli.csproj), so every public property of every model type, and every type YamlDotNet
/// creates by reflection, is kept. The end-to-end tests run that executable, strict decoding included.
/// </summary>
internal static class ModelReflection
{
    public const string ModelsRooted =
        "The KubernetesClient and YamlDotNet assemblies are rooted in the published executable (Podvisor.Cli.csproj), so the model types' public properties are kept.";
}
