using Microsoft.Win32.SafeHandles;

namespace Podvisor.Runtime.Processes;

/// <summary>
/// The write end of a <c>stdin: true</c> container's stdin pipe, which the runtime holds for the container's life as
/// containerd holds a CRI container's stdin: the container's reads block rather than see EOF, and each
/// <c>kubectl attach -i</c> writes to it through <see cref="Open"/>. With <c>stdinOnce</c> (and no tty) the end of the
/// first attach's input closes it, as containerd's attach does (<c>pkg/cri/io/container_io.go</c>); the container's exit
/// closes it in any case.
/// </summary>
internal sealed class ContainerStdinPipe : IDisposable
{
    private readonly Stream _pipe;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly bool _closesWhenAttachEnds;
    private int _closed;

    /// <param name="writer">The pipe's write end (or, with <c>tty</c>, the terminal's input), owned from now on.</param>
    /// <param name="closesWhenAttachEnds">The spec's <c>stdinOnce</c> without <c>tty</c>.</param>
    public ContainerStdinPipe(Stream writer, bool closesWhenAttachEnds)
    {
        _pipe = writer;
        _closesWhenAttachEnds = closesWhenAttachEnds;
    }

    /// <summary>One attach's input: writes reach the container; disposing it ends this attach's input.</summary>
    public Stream Open() => new ContainerStdinAttach(this);

    /// <summary>Writes one attach's bytes; attaches write in turn. A closed stdin (or a container gone) is an <see cref="IOException"/>.</summary>
    internal async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            throw new IOException("the container's stdin is closed");
        }

        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _pipe.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException ex)
        {
            throw new IOException("the container's stdin is closed", ex);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>An attach's input ended: with stdinOnce the container's stdin is closed (it reads EOF).</summary>
    internal void AttachEnded()
    {
        if (_closesWhenAttachEnds)
        {
            Dispose();
        }
    }

    /// <summary>Closes the write end: the container reads EOF once it has read what was written.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _pipe.Dispose();
        }
    }
}
