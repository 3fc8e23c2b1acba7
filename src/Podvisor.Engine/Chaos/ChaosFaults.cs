namespace Podvisor.Engine.Chaos;

/// <summary>
/// The faults <c>podvisor run --chaos</c> can inject, each one of the kubelet's documented non-guarantees made to
/// happen on purpose (the seed's caveats): none of them is Kubernetes behaviour of its own, all are allowed by it.
/// </summary>
[Flags]
public enum ChaosFaults
{
    /// <summary>No fault: the kubelet's ordinary behaviour.</summary>
    None = 0,

    /// <summary>Every postStart hook runs twice, the second run once the first has completed (at-least-once delivery).</summary>
    PostStartTwice = 1,

    /// <summary>The postStart hook begins before the entrypoint: the entrypoint is held until the hook has begun.</summary>
    PostStartEarly = 2,

    /// <summary>An httpGet hook's request is never sent; the hook fails as a refused connection does (it is not retried).</summary>
    DropHttpHook = 4,

    /// <summary>The stop signal waits until only the kubelet's 2 s minimum is left before SIGKILL.</summary>
    LateStopSignal = 8,
}
