using System.Collections.Concurrent;
using System.Threading.Channels;
using Podvisor.Engine.Runtime;

namespace Podvisor.Testing;

/// <summary>An in-memory runtime: records every start, hands the instances to the test.</summary>
internal sealed class FakeContainerRuntime(TimeProvider time) : IContainerRuntime
{
    private readonly Channel<FakeContainer> _started = Channel.CreateUnbounded<FakeContainer>();
    private readonly ConcurrentQueue<FakeContainer> _all = new();
    private readonly ConcurrentQueue<FakePodSandbox> _sandboxes = new();
    private int _disposals;

    /// <summary>How new instances react to signals, per container name (default: exit on the stop signal).</summary>
    public ConcurrentDictionary<string, FakeSignalBehaviour> Behaviour { get; } = new();

    /// <summary>Container names whose start fails with this message.</summary>
    public ConcurrentDictionary<string, string> StartFailures { get; } = new();

    /// <summary>Configures each new instance before the engine sees it (exec answers, ...).</summary>
    public Action<FakeContainer>? Configure { get; set; }

    public IReadOnlyList<FakeContainer> All => [.. _all];

    /// <summary>The runtime's precise SIGKILL path offered to the engine; null (the default) offers none.</summary>
    public IKillDeadlines? KillDeadlines { get; set; }

    /// <summary>Every sandbox made, in order; a test sees which were released.</summary>
    public IReadOnlyList<FakePodSandbox> Sandboxes => [.. _sandboxes];

    /// <summary>The image service offered to the engine (a runtime with real images); null (the default) offers none.</summary>
    public Podvisor.Engine.Images.IImageService? ImageService { get; set; }

    /// <summary>The host paths offered to the engine (a runtime that stats the host); null (the default) offers none.</summary>
    public Podvisor.Engine.Volumes.IHostPaths? HostPaths { get; set; }

    /// <summary>Pod names whose sandbox creation fails with this message.</summary>
    public ConcurrentDictionary<string, string> SandboxFailures { get; } = new();

    public Task<IPodSandbox> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken)
    {
        if (SandboxFailures.TryGetValue(config.Name, out var failure))
        {
            throw new PodSandboxException(failure);
        }

        var sandbox = new FakePodSandbox(this, config);
        _sandboxes.Enqueue(sandbox);
        return Task.FromResult<IPodSandbox>(sandbox);
    }

    /// <summary>How many times the runtime was disposed.</summary>
    public int Disposals => Volatile.Read(ref _disposals);

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _disposals);
        return ValueTask.CompletedTask;
    }

    public Task<IRunningContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        if (StartFailures.TryGetValue(launch.ContainerName, out var failure))
        {
            throw new ContainerStartException(failure);
        }

        var container = new FakeContainer(launch, time, Behaviour.GetValueOrDefault(launch.ContainerName, FakeSignalBehaviour.ExitOnStopSignal));
        Configure?.Invoke(container);
        _all.Enqueue(container);
        _started.Writer.TryWrite(container);
        Chaos.Pause();
        return Task.FromResult<IRunningContainer>(container);
    }

    /// <summary>Waits (in real time, bounded) for the next container start.</summary>
    public async Task<FakeContainer> NextStartAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _started.Reader.ReadAsync(cancel.Token);
    }

    public bool TryGetNextStart(out FakeContainer? container) => _started.Reader.TryRead(out container);
}
