namespace Podvisor.Engine.Runtime;

/// <summary>
/// The CRI-shaped seam between the engine and whatever really runs containers (CRI's RuntimeService). The
/// engine decides what to start, signal and kill; a runtime only does it, and reports exits without being
/// polled. As on a node, containers live in a pod sandbox: the engine asks for one per pod
/// (<c>RunPodSandbox</c>) once its volumes are set up, starts containers in it, and disposes it when the pod
/// is done (<c>StopPodSandbox</c> + <c>RemovePodSandbox</c>). Disposing the runtime kills and reaps
/// everything it still owns.
/// </summary>
public interface IContainerRuntime : IAsyncDisposable
{
    /// <summary>
    /// Creates the pod's sandbox. Throws <see cref="PodSandboxException"/> when it cannot be made; the engine
    /// reports <c>FailedCreatePodSandBox</c> and tries again, as the kubelet's next sync does.
    /// </summary>
    Task<IPodSandbox> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken);

    /// <summary>
    /// The runtime's images (CRI's ImageService) when it runs real images; the engine then pulls as the kubelet
    /// does and the image's own config applies. Null (the default): images come from the catalog.
    /// </summary>
    Images.IImageService? ImageService => null;

    /// <summary>
    /// The runtime's name, the scheme of the container IDs a status reports (<c>containerd://…</c>): the kubelet takes
    /// it from CRI's <c>Version</c> (<c>runtime_name</c>). The process runtime is <c>podvisor</c>.
    /// </summary>
    string RuntimeName => "podvisor";

    /// <summary>
    /// The runtime's precise path for the grace period's SIGKILL, or null (the default): the engine then sends it
    /// itself when its own timer fires.
    /// </summary>
    IKillDeadlines? KillDeadlines => null;

    /// <summary>
    /// The runtime's view of host paths (what a hostPath is, an atomic rename(2)) when it can stat the host, or null
    /// (the default): the engine then uses <see cref="Volumes.PortableHostPaths"/>, which cannot tell a socket or a
    /// device from a file. A runtime that wraps another passes the inner one's on.
    /// </summary>
    Volumes.IHostPaths? HostPaths => null;

    /// <summary>
    /// What the user must know about this runtime on this host (no filesystem isolation, no PID namespaces, …), shown
    /// once when a session starts; null (the default) when there is nothing to say.
    /// </summary>
    string? HostWarning => null;
}
