namespace Podvisor.Engine.Runtime;

/// <summary>What a runtime needs to make a pod's sandbox (the parts of CRI's <c>PodSandboxConfig</c> podvisor uses).</summary>
/// <param name="LogDirectory">The pod's log directory in the kubelet's layout (<c>…/&lt;ns&gt;_&lt;name&gt;_&lt;uid&gt;</c>); container log paths are under it.</param>
/// <param name="ShareProcessNamespace">
/// <c>spec.shareProcessNamespace</c>: the pod's containers share one PID namespace whose PID 1 is the sandbox's
/// own pause process (CRI <c>NamespaceMode.POD</c>); otherwise each container is PID 1 of its own
/// (<c>NamespaceMode.CONTAINER</c>).
/// </param>
public sealed record PodSandboxConfig(
    string Namespace,
    string Name,
    string Uid,
    string LogDirectory,
    bool ShareProcessNamespace);
