using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Processes;

/// <summary>One attach's view of a container's stdin (<see cref="ContainerStdinPipe"/>); disposing it ends that attach's input.</summary>
internal sealed class ContainerStdinAttach(ContainerStdinPipe pipe) : WriteOnlyStream
{
    private int _disposed;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new IOException("this attach's input has ended");
        }

        return pipe.WriteAsync(buffer, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            pipe.AttachEnded();
        }

        base.Dispose(disposing);
    }
}
