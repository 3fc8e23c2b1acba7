namespace Podvisor.Engine.Lint;

/// <summary>What linting one manifest source found, and how many pods it decoded.</summary>
internal sealed record ManifestLintResult(IReadOnlyList<LocatedFinding> Findings, int Pods);
