using Podvisor.Engine.Runtime;

namespace Podvisor.Cli.Run;

/// <summary>Placeholder until the process runtime is merged: every start fails as the kubelet reports a start failure.</summary>
internal sealed class UnavailableContainerRuntime(TimeProvider time) : IContainerRuntime, IAsyncDisposable
{
    private readonly TimeProvider _time = time;

    public Task<IRunningContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken) =>
        throw new ContainerStartException($"cannot start container \"{launch.ContainerName}\" at {_time.GetUtcNow():O}: this build has no process runtime");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
