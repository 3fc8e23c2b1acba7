using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Cri;

/// <summary>A streaming exec that could not start: its exit code is 126 and its message says why.</summary>
internal sealed class FailedExecSession(string message) : IExecSession
{
    public ExecStartFailure? StartFailure { get; } = new(126, message);

    public Stream? Stdin => null;

    public Stream Stdout { get; } = Stream.Null;

    public Stream? Stderr => null;

    public Task<int> Exited { get; } = Task.FromResult(126);

    public void Kill()
    {
    }

    public Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
