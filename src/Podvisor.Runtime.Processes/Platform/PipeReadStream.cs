using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// The read end of an exec's output pipe as a <see cref="Stream"/>. The pipe is read non-blocking on the
/// <see cref="EventLoop"/> thread, where every change to the descriptor happens, so a read and the final close never
/// race. Reading pauses while more than <see cref="PauseAboveBytes"/> wait for the caller, so a slow client makes
/// the command block on its writes rather than podvisor's memory grow.
/// </summary>
internal sealed class PipeReadStream : Stream
{
    public const int PauseAboveBytes = 256 * 1024;

    private readonly EventLoop _loop;
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _chunks = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _token;
    private int _fd;
    private bool _registered;
    private int _offset;
    private int _buffered;
    private bool _paused;
    private bool _eof;
    private TaskCompletionSource? _waiter;

    private PipeReadStream(EventLoop loop, int fd)
    {
        _loop = loop;
        _fd = fd;
        _token = loop.NewToken();
    }

    /// <summary>Completes once the descriptor is closed (EOF, an error, or <see cref="Close"/>); buffered data may remain to read.</summary>
    public Task Ended => _ended.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Takes ownership of <paramref name="fd"/> and starts reading it.</summary>
    public static PipeReadStream Start(EventLoop loop, int fd)
    {
        Native.SetNonBlocking(fd);
        var stream = new PipeReadStream(loop, fd);
        loop.Post(stream.Resume);
        return stream;
    }

    /// <summary>Loop thread only: reads what is already in the pipe, up to <paramref name="limit"/> bytes, even while paused.</summary>
    public void Drain(int limit)
    {
        var total = 0;
        while (total < limit && ReadOnce(limit - total) is var n && n > 0)
        {
            total += n;
        }
    }

    /// <summary>Stops reading and closes the descriptor (on the loop thread); what was read stays readable. Idempotent.</summary>
    public void CloseDescriptor() => _loop.Post(CloseOnLoop);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_chunks.Count > 0)
                {
                    return Take(buffer.Span);
                }

                if (_eof || buffer.Length == 0)
                {
                    return 0;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseDescriptor();
        }

        base.Dispose(disposing);
    }

    private int Take(Span<byte> destination)
    {
        var copied = 0;
        while (copied < destination.Length && _chunks.Count > 0)
        {
            var chunk = _chunks.Peek();
            var n = Math.Min(chunk.Length - _offset, destination.Length - copied);
            chunk.AsSpan(_offset, n).CopyTo(destination[copied..]);
            copied += n;
            _offset += n;
            if (_offset == chunk.Length)
            {
                _chunks.Dequeue();
                _offset = 0;
            }
        }

        _buffered -= copied;
        if (_paused && _buffered <= PauseAboveBytes / 2)
        {
            _paused = false;
            _loop.Post(Resume);
        }

        return copied;
    }

    private void OnReadable()
    {
        _ = ReadOnce(int.MaxValue);
        lock (_gate)
        {
            if (_buffered > PauseAboveBytes && _registered && _fd >= 0)
            {
                _paused = true;
                _loop.Unregister(_token, _fd);
                _registered = false;
            }
        }
    }

    /// <summary>One non-blocking read; the byte count, 0 at EOF or when nothing is there.</summary>
    private unsafe int ReadOnce(int limit)
    {
        while (_fd >= 0)
        {
            nint n;
            fixed (byte* buffer = _loop.ReadBuffer)
            {
                n = Native.read(_fd, buffer, Math.Min(_loop.ReadBuffer.Length, limit));
            }

            if (n > 0)
            {
                Append(_loop.ReadBuffer.AsSpan(0, (int)n));
                return (int)n;
            }

            var errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == Native.EINTR)
            {
                continue;
            }

            if (errno != Native.EAGAIN)
            {
                CloseOnLoop();
            }

            return 0;
        }

        return 0;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _chunks.Enqueue(data.ToArray());
            _buffered += data.Length;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    private void Resume()
    {
        lock (_gate)
        {
            if (_fd < 0 || _registered || _paused)
            {
                return;
            }

            _registered = true;
        }

        _loop.Register(_token, _fd, OnReadable);
    }

    private void CloseOnLoop()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            if (_fd < 0)
            {
                return;
            }

            if (_registered)
            {
                _loop.Unregister(_token, _fd);
                _registered = false;
            }

            Native.close(_fd);
            _fd = -1;
            _eof = true;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
        _ended.TrySetResult();
    }
}
