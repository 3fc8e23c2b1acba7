namespace Podvisor.Engine.Admission.Decoding;

/// <summary>What a YAML scalar resolves to under the YAML 1.1 rules kubectl's decoder (go-yaml) applies.</summary>
internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}
