using Podvisor.Engine.Runtime;

namespace Podvisor.Cli.Run;

/// <summary>
/// A container runtime together with what disposes it: <see cref="IContainerRuntime"/> is not disposable,
/// but the process runtime owns process groups that must be reaped before podvisor exits.
/// </summary>
internal sealed class OwnedRuntime(IContainerRuntime runtime, IAsyncDisposable lifetime) : IAsyncDisposable
{
    public IContainerRuntime Runtime { get; } = runtime;

    public ValueTask DisposeAsync() => lifetime.DisposeAsync();
}
