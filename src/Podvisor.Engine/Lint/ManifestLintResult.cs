namespace Podvisor.Engine.Lint;

/// <summary>What linting one manifest source found, and how many pods it decoded.</summary>
public sealed record ManifestLintResult(IReadOnlyList<LocatedFinding> Findings, int Pods);
