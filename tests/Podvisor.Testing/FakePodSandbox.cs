using Podvisor.Engine.Runtime;

namespace Podvisor.Testing;

/// <summary>A sandbox of <see cref="FakeContainerRuntime"/>: starts go to the runtime; remembers its release.</summary>
internal sealed class FakePodSandbox(FakeContainerRuntime runtime, PodSandboxConfig config) : IPodSandbox
{
    private int _released;

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public PodSandboxConfig Config { get; } = config;

    public bool Released => Volatile.Read(ref _released) != 0;

    public Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken cancellationToken) =>
        Released ? throw new InvalidOperationException($"container {launch.ContainerName} started in a released sandbox") : runtime.StartAsync(launch, cancellationToken);

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _released, 1);
        return ValueTask.CompletedTask;
    }
}
