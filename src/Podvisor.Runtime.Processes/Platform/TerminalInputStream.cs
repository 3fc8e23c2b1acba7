using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// An exec's terminal input: writes to its own descriptor of the pseudoterminal's master. The master is non-blocking
/// (its reader runs on the <see cref="EventLoop"/>, and the flag belongs to the open file that every duplicate shares), so
/// a write that finds the terminal's input queue full waits for room in <c>poll</c>, on the caller's thread-pool thread,
/// as a blocking pipe write would: a command that does not read holds the writer back. Disposing closes only this
/// descriptor: a terminal has no end of input, as under containerd, where closing an exec's stdin leaves its tty open.
/// </summary>
internal sealed class TerminalInputStream(int fd) : Stream
{
    private int _fd = fd;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        var fd = Volatile.Read(ref _fd);
        ObjectDisposedException.ThrowIf(fd < 0, this);
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = Native.write(fd, start + done, buffer.Length - done);
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Native.EAGAIN)
                {
                    Native.WaitWritable(fd);
                }
                else if (errno != Native.EINTR)
                {
                    throw new IOException($"write to the terminal: {Native.ErrorText(errno)}");
                }
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => Write(buffer.Span), cancellationToken));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Native.close(fd);
        }

        base.Dispose(disposing);
    }
}
