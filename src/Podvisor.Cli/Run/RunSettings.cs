namespace Podvisor.Cli.Run;

/// <summary>The <c>run</c> command's arguments, parsed and validated.</summary>
/// <param name="Files">Files, directories or <c>-</c>, as given.</param>
/// <param name="StopAfter">When to delete the pods if they have not settled by themselves.</param>
/// <param name="GracePeriodSeconds">The deletion grace period override; null keeps each pod's own.</param>
/// <param name="ImagesPath">An explicit image catalog; null looks for the default ones.</param>
/// <param name="StateDirectory">An explicit state directory; null uses a per-run one under the XDG state home.</param>
/// <param name="Runtime">What runs the containers (<c>--runtime</c> and its companions); null: the process runtime.</param>
/// <param name="ReportPath">Where <c>--report</c> writes the timeline page when the run ends; null: no page.</param>
/// <param name="Chaos">Faults to inject on purpose (<c>--chaos</c>).</param>
/// <param name="EndpointDelay">The Service proxy's <c>--endpoint-delay</c> when the files hold Services; null: serve's default.</param>
/// <param name="Rollout">The <c>--rollout</c> verdict's flags; null: no verdict.</param>
internal sealed record RunSettings(
    IReadOnlyList<string> Files,
    TimeSpan? StopAfter,
    long? GracePeriodSeconds,
    bool Strict,
    OutputFormat Output,
    string? ImagesPath,
    string? StateDirectory,
    RuntimeSelection? Runtime = null,
    string? ReportPath = null,
    Podvisor.Engine.Chaos.ChaosFaults Chaos = Podvisor.Engine.Chaos.ChaosFaults.None,
    TimeSpan? EndpointDelay = null,
    Podvisor.Cli.Rollout.RolloutOptions? Rollout = null);
