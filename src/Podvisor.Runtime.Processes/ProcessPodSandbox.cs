using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;

namespace Podvisor.Runtime.Processes;

/// <summary>
/// A pod's sandbox in the process runtime: the pod's containers run on the host network (the pod IP is the host's), so
/// a sandbox holds no process of its own unless the pod shares one PID namespace: then it holds that namespace's pause
/// process, and disposing the sandbox kills it and with it everything left in the namespace.
/// </summary>
internal sealed class ProcessPodSandbox(ProcessContainerRuntime runtime, PodSandboxConfig config, PodPidNamespace? sharedPidNamespace) : IPodSandbox
{
    public string Id { get; } = RuntimeIds.New();

    public PodSandboxConfig Config { get; } = config;

    public Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken cancellationToken) =>
        runtime.StartAsync(launch, sharedPidNamespace, cancellationToken);

    public ValueTask DisposeAsync() => sharedPidNamespace?.DisposeAsync() ?? ValueTask.CompletedTask;
}
