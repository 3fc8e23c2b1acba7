using System.Text;
using Podvisor.Engine.Runtime;

namespace Podvisor.Testing;

/// <summary>A streaming exec that has already run: its output is readable on stdout, stderr is empty.</summary>
internal sealed class FakeExecSession(ExecResult result) : IExecSession
{
    public ExecStartFailure? StartFailure => null;

    public Stream? Stdin => null;

    public Stream Stdout { get; } = new MemoryStream(Encoding.UTF8.GetBytes(result.Output), writable: false);

    public Stream? Stderr { get; } = Stream.Null;

    public Task<int> Exited { get; } = Task.FromResult(result.ExitCode);

    public void Kill()
    {
    }

    public Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => Stdout.DisposeAsync();
}
