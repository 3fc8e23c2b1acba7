namespace Podvisor.Engine.Probes;

/// <summary>
/// What the pod worker keeps of one (container, probe kind) between attempts: the thresholds' state, the instance it
/// belongs to, and the instance a readiness trigger was last fired for. Owned by the pod worker alone (the prober only
/// ticks and probes), so a value, replaced whole under the worker's state lock.
/// </summary>
/// <param name="CounterContainerId">The instance <paramref name="Counter"/> belongs to; a new instance starts from the initial state.</param>
/// <param name="TriggeredContainerId">The instance readiness was probed at once for (kubelet <c>manualTriggerCh</c> when a container starts).</param>
internal sealed record ProbeState(ProbeKind Kind, ProbeCounter Counter, string? CounterContainerId, string? TriggeredContainerId)
{
    public static ProbeState Initial(ProbeKind kind) => new(kind, ProbeCounter.Initial(kind), null, null);

    /// <summary>The state to count <paramref name="containerId"/>'s attempts from: kept for the same instance, initial for a new one.</summary>
    public ProbeState For(string containerId) =>
        CounterContainerId == containerId ? this : this with { Counter = ProbeCounter.Initial(Kind), CounterContainerId = containerId };

    /// <summary>Whether a committed failure holds this probe for <paramref name="containerId"/> until the instance is replaced.</summary>
    public bool OnHoldFor(string containerId) => CounterContainerId == containerId && Counter.OnHold;
}
