namespace Podvisor.Engine.Runtime;

/// <summary>
/// The CRI-shaped seam between the engine and whatever really runs containers. The engine decides
/// what to start, signal and kill; a runtime only does it, and reports exits without being polled.
/// </summary>
internal interface IContainerRuntime
{
    /// <summary>
    /// Creates and starts one container instance. Returns once the process is running; throws
    /// <see cref="ContainerStartException"/> when it could not be started (binary missing, bad working dir, ...).
    /// </summary>
    Task<IRunningContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken);
}
