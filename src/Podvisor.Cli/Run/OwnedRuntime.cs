using Podvisor.Engine.Runtime;

namespace Podvisor.Cli.Run;

/// <summary>
/// A container runtime together with what disposes it: <see cref="IContainerRuntime"/> is not disposable,
/// but the process runtime owns process groups that must be reaped before podvisor exits.
/// </summary>
internal sealed class OwnedRuntime(IContainerRuntime runtime, IAsyncDisposable lifetime, string? warning = null) : IAsyncDisposable
{
    public IContainerRuntime Runtime { get; } = runtime;

    /// <summary>What the user must know about this runtime on this host (no filesystem isolation, ...), shown once at start.</summary>
    public string? Warning { get; } = warning;

    public ValueTask DisposeAsync() => lifetime.DisposeAsync();
}
