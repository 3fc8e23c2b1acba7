using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.Cli.Report;

/// <summary>How a pod's container last ended.</summary>
internal sealed record ContainerTermination(string Container, TerminationExplanation Termination);
