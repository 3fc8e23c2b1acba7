using System.Collections.Concurrent;
using Podvisor.Engine.Runtime;

namespace Podvisor.Server.Exec;

/// <summary>
/// Wraps the container runtime the engine uses to remember each running container instance, so that
/// <c>pods/exec</c> can run commands in it through the runtime without reaching into the engine's
/// workers. An entry lives until the container exits.
/// </summary>
internal sealed class ContainerDirectory(IContainerRuntime inner) : IContainerRuntime
{
    private readonly ConcurrentDictionary<(string Namespace, string Pod, string Uid, string Container), (ContainerLaunch Launch, IRunningContainer Running)> _running = new();

    public async Task<IPodSandbox> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken) =>
        new RecordingSandbox(this, await inner.RunPodSandboxAsync(config, cancellationToken).ConfigureAwait(false));

    /// <summary>The wrapped runtime's images (containerd's), so the engine pulls through it as it would unwrapped.</summary>
    public Engine.Images.IImageService? ImageService => inner.ImageService;

    /// <summary>The wrapped runtime's name: container IDs keep its scheme.</summary>
    public string RuntimeName => inner.RuntimeName;

    /// <summary>The wrapped runtime's host paths, so hostPath checks and projected-volume swaps see the host as unwrapped.</summary>
    public Engine.Volumes.IHostPaths? HostPaths => inner.HostPaths;

    /// <summary>The wrapped runtime's precise SIGKILL path: the grace period ends as punctually in serve as in run.</summary>
    public IKillDeadlines? KillDeadlines => inner.KillDeadlines;

    /// <summary>The wrapped runtime's warning about this host.</summary>
    public string? HostWarning => inner.HostWarning;

    /// <summary>Nothing: the directory does not own the runtime it wraps; whoever made the runtime disposes it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The container instance running now, or null when it is not running.</summary>
    public IRunningContainer? FindRunning(string ns, string pod, string uid, string container) =>
        _running.TryGetValue((ns, pod, uid, container), out var entry) && !entry.Running.Exited.IsCompleted ? entry.Running : null;

    /// <summary>The container instance running now with what it was started with (its stdin, stdinOnce, tty), or null.</summary>
    public (ContainerLaunch Launch, IRunningContainer Running)? FindRunningWithLaunch(string ns, string pod, string uid, string container) =>
        _running.TryGetValue((ns, pod, uid, container), out var entry) && !entry.Running.Exited.IsCompleted ? entry : null;

    private void Remember(ContainerLaunch launch, IRunningContainer running)
    {
        var key = (launch.PodNamespace, launch.PodName, launch.PodUid, launch.ContainerName);
        _running[key] = (launch, running);
        _ = running.Exited.ContinueWith(
            _ => _running.TryRemove(new KeyValuePair<(string, string, string, string), (ContainerLaunch, IRunningContainer)>(key, (launch, running))),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private sealed class RecordingSandbox(ContainerDirectory directory, IPodSandbox inner) : IPodSandbox
    {
        public string Id => inner.Id;

        public async Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken cancellationToken)
        {
            var running = await inner.StartContainerAsync(launch, cancellationToken).ConfigureAwait(false);
            directory.Remember(launch, running);
            return running;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
