using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Probes;

/// <summary>
/// The container instance a prober should probe now, as the pod worker last published it (the kubelet's
/// probe workers read the status manager the same way). No target means: skip the tick.
/// </summary>
internal sealed record ProbeTarget(string ContainerId, DateTimeOffset StartedAt, IRunningContainer Instance);
