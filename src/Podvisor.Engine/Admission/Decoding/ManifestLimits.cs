namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// The bounds hostile input meets before any recursive parser runs. The depth and aliasing limits are the ones
/// the apiserver's decoders have (gopkg.in/yaml and encoding/json both stop at 10000 levels); the size cap is ours,
/// since kubectl sends one object per request while a manifest file may hold many.
/// </summary>
public static class ManifestLimits
{
    /// <summary>Maximum nesting of mappings and sequences: encoding/json's maxNestingDepth, go-yaml's max depth.</summary>
    public const int MaxDepth = 10000;

    /// <summary>
    /// Maximum number of nodes a document may hold once aliases are expanded. go-yaml refuses "excessive aliasing"
    /// by a ratio; a fixed bound (far above any real pod list) is simpler and stops the same billion-laughs input.
    /// </summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>Maximum size of one manifest source (a file, standard input, a request body): 32 MiB.</summary>
    public const long MaxSourceBytes = 32L * 1024 * 1024;
}
