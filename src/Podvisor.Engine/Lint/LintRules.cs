using Podvisor.Engine.Lint.Rules;

namespace Podvisor.Engine.Lint;

/// <summary>Every rule, in id order; <see cref="InvalidManifest"/> stands for what decoding and validation reject.</summary>
public static class LintRules
{
    /// <summary>PV000: what decoding and validation reject.</summary>
    public static LintRuleInfo InvalidManifest { get; } = new(
        "PV000", "invalid-manifest", LintSeverity.Error,
        "The manifest does not decode strictly or does not pass the API server's validation: nothing would run.");

    internal static IReadOnlyList<ILintRule> All { get; } =
    [
        new PreStopOutlastsGracePeriodRule(),
        new ShellWrapperHidesStopSignalRule(),
        new ShellMissingInImageRule(),
        new LivenessSameAsReadinessRule(),
        new LivenessWithoutStartupProbeRule(),
        new PostStartAwaitedButMissingRule(),
        new UnresolvedNamedPortRule(),
        new UndeclaredPortRule(),
    ];

    /// <summary>PV000 then every rule: SARIF's <c>rules</c> array and the README's table.</summary>
    public static IReadOnlyList<LintRuleInfo> Infos { get; } = [InvalidManifest, .. All.Select(r => r.Info)];
}
