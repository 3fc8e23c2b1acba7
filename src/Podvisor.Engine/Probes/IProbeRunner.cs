using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Probes;

/// <summary>Runs one probe attempt (kubelet <c>prober.runProbe</c>), never throwing for a failed check.</summary>
internal interface IProbeRunner
{
    Task<ProbeOutcome> RunAsync(ProbeDefinition probe, ContainerDefinition container, ProbeTarget target, CancellationToken cancellationToken);
}
