namespace Podvisor.Engine.Admission.Decoding;

/// <summary>A 1-based line and column in a manifest's text.</summary>
public readonly record struct SourcePosition(long Line, long Column);
