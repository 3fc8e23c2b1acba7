namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Why reflection over the Kubernetes model types is safe in the ahead-of-time compiled podvisor: the published
/// executable keeps whole every model type reachable from the decoded kinds and the served OpenAPI kinds
/// (<see cref="ModelTypeClosure"/>; src/Podvisor.Cli/ModelTypes.xml, checked against that closure by a test) and the
/// YamlDotNet assembly entirely (<c>TrimmerRootAssembly</c> in Podvisor.Cli.csproj), so every public property of every
/// model type reflected over, and every type YamlDotNet creates by reflection, is kept. The end-to-end tests run that
/// executable, strict decoding included.
/// </summary>
internal static class ModelReflection
{
    public const string ModelsRooted =
        "The published executable keeps the model types reachable from the decoded and served kinds whole and YamlDotNet entirely (Podvisor.Cli.csproj, ModelTypes.xml, checked by a test), so their public properties are kept.";
}
