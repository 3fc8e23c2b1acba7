namespace Podvisor.Engine.Runtime;

/// <summary>
/// One pod's sandbox (CRI <c>PodSandbox</c>): what its containers share (the pod's PID namespace under
/// <c>shareProcessNamespace</c>, its network). Disposing it stops and removes it: any container still running
/// in it is killed, as <c>StopPodSandbox</c> does; the engine has already stopped them gracefully by then.
/// </summary>
public interface IPodSandbox : IAsyncDisposable
{
    /// <summary>The runtime's id for the sandbox (64 hex digits in CRI).</summary>
    string Id { get; }

    /// <summary>
    /// Creates and starts one container instance in this sandbox (CRI <c>CreateContainer</c> +
    /// <c>StartContainer</c>). Returns once its process is running; throws <see cref="ContainerStartException"/>
    /// when it could not be started (binary missing, bad working dir, ...).
    /// </summary>
    Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken cancellationToken);
}
