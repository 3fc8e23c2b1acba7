namespace Podvisor.Engine.Lint;

/// <summary>A finding with where it is: the file as given, the line and column of its field (1-based) when the YAML shows it, and the pod's name.</summary>
public sealed record LocatedFinding(string File, int? Line, int? Column, string? Pod, LintFinding Finding);
