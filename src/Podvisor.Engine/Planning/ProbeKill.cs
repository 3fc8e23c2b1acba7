using Podvisor.Engine.Probes;

namespace Podvisor.Engine.Planning;

/// <summary>A running container whose liveness or startup probe failed: kill it (and restart it if the policy allows).</summary>
internal sealed record ProbeKill(ContainerDefinition Container, ProbeKind Probe, bool WillRestart)
{
    /// <summary>The Killing event's message (kuberuntime_manager.go <c>computePodActions</c>).</summary>
    public string Message => Container.Kind == ContainerKind.Sidecar
        ? $"Init container {Container.Name} failed {Probe.Lower()} probe"
        : WillRestart
            ? $"Container {Container.Name} failed {Probe.Lower()} probe, will be restarted"
            : $"Container {Container.Name} failed {Probe.Lower()} probe";
}
