using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Report;

/// <summary>How a pod's container last ended (null while it has not ended), and every hook it ran.</summary>
internal sealed record ContainerTermination(string Container, TerminationExplanation? Termination)
{
    public IReadOnlyList<HookRun> Hooks { get; init; } = [];
}
