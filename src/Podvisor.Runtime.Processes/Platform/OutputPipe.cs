using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// The read end of a child's stdout/stderr pipe, read non-blocking on the <see cref="EventLoop"/>
/// thread. All state changes happen on that thread, so reads and the final close never race.
/// </summary>
internal sealed unsafe class OutputPipe
{
    private readonly EventLoop _loop;
    private readonly Action<ReadOnlySpan<byte>> _onData;
    private readonly Action _onClosed;
    private int _fd;
    private long _token;
    private bool _paused; // loop thread only

    private OutputPipe(EventLoop loop, int fd, Action<ReadOnlySpan<byte>> onData, Action onClosed)
    {
        _loop = loop;
        _fd = fd;
        _onData = onData;
        _onClosed = onClosed;
    }

    /// <summary>Takes ownership of <paramref name="fd"/> and starts reading it.</summary>
    public static OutputPipe Start(EventLoop loop, int fd, Action<ReadOnlySpan<byte>> onData, Action onClosed)
    {
        Native.SetNonBlocking(fd);
        var pipe = new OutputPipe(loop, fd, onData, onClosed);
        pipe._token = loop.NewToken();
        loop.Register(pipe._token, fd, pipe.OnReadable);
        return pipe;
    }

    /// <summary>
    /// Stops watching the pipe until <see cref="Resume"/>: the child then blocks in write() once the pipe is full,
    /// which is the back-pressure that keeps a fast writer from filling podvisor's memory (log writer behind).
    /// Called on the loop thread (inside this pipe's data callback), so a <see cref="Resume"/> posted meanwhile by
    /// another thread runs after it, never before.
    /// </summary>
    public void PauseOnLoop()
    {
        if (_fd >= 0 && !_paused)
        {
            _loop.Unregister(_token, _fd);
            _paused = true;
        }
    }

    /// <summary>Watches the pipe again after <see cref="PauseOnLoop"/>; idempotent.</summary>
    public void Resume() => _loop.Post(() =>
    {
        if (_fd >= 0 && _paused)
        {
            _paused = false;
            _loop.Register(_token, _fd, OnReadable);
        }
    });

    /// <summary>Loop thread only: reads what is already in the pipe, up to <paramref name="limit"/> bytes, without waiting.</summary>
    public void Drain(int limit) => Read(limit, once: false);

    /// <summary>Stops reading and closes the descriptor (on the loop thread); idempotent.</summary>
    public void Close() => _loop.Post(CloseOnLoop);

    private void OnReadable() => Read(int.MaxValue, once: true);

    private void Read(int limit, bool once)
    {
        var total = 0;
        while (_fd >= 0 && total < limit)
        {
            nint n;
            fixed (byte* buffer = _loop.ReadBuffer)
            {
                n = Native.read(_fd, buffer, Math.Min(_loop.ReadBuffer.Length, limit - total));
            }

            if (n > 0)
            {
                _onData(_loop.ReadBuffer.AsSpan(0, (int)n));
                total += (int)n;
            }
            else if (n == 0)
            {
                CloseOnLoop();
            }
            else
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Native.EINTR)
                {
                    continue;
                }

                if (errno != Native.EAGAIN)
                {
                    CloseOnLoop();
                }

                return;
            }

            if (once)
            {
                return;
            }
        }
    }

    private void CloseOnLoop()
    {
        if (_fd < 0)
        {
            return;
        }

        if (!_paused)
        {
            _loop.Unregister(_token, _fd);
        }

        Native.close(_fd);
        _fd = -1;
        _onClosed();
    }
}
