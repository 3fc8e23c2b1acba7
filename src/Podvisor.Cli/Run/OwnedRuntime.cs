using Podvisor.Engine.Runtime;

namespace Podvisor.Cli.Run;

/// <summary>The container runtime a run owns (disposed before podvisor exits) and what the user must know about it.</summary>
internal sealed class OwnedRuntime(IContainerRuntime runtime, string? warning = null) : IAsyncDisposable
{
    public IContainerRuntime Runtime { get; } = runtime;

    /// <summary>What the user must know about this runtime on this host (no filesystem isolation, ...), shown once at start.</summary>
    public string? Warning { get; } = warning;

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();
}
