using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// One thread per runtime blocked in epoll_wait on every pidfd and output pipe it owns: exits and
/// output are noticed without polling and without a thread per process or stream. Handlers run on
/// this thread only, so a pipe is never read and closed concurrently; other threads
/// <see cref="Post"/> work to it.
/// </summary>
internal sealed unsafe class EventLoop : IDisposable
{
    private const int MaxEvents = 64;
    private const long WakeToken = 0;

    // struct epoll_event is packed (12 bytes) on x86_64 only; elsewhere the u64 is 8-aligned.
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly ConcurrentDictionary<long, Action> _handlers = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private long _nextToken;
    private volatile bool _stopping;

    public EventLoop()
    {
        _epoll = Native.epoll_create1(Native.O_CLOEXEC);
        _wake = Native.eventfd(0, Native.O_CLOEXEC | Native.O_NONBLOCK);
        if (_epoll < 0 || _wake < 0)
        {
            throw new IOException($"epoll/eventfd setup failed: errno {Marshal.GetLastPInvokeError()}");
        }

        Control(Native.EPOLL_CTL_ADD, _wake, WakeToken);
        _thread = new Thread(Run) { IsBackground = true, Name = "podvisor-process-events" };
        _thread.Start();
    }

    /// <summary>A buffer for reads done by handlers; only valid on the loop thread.</summary>
    public byte[] ReadBuffer { get; } = new byte[64 * 1024];

    public bool IsLoopThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>A token for <see cref="Register"/>, taken first so a handler that fires at once already knows it.</summary>
    public long NewToken() => Interlocked.Increment(ref _nextToken);

    /// <summary>Calls <paramref name="onReadable"/> on the loop thread whenever <paramref name="fd"/> is readable (level-triggered).</summary>
    public void Register(long token, int fd, Action onReadable)
    {
        _handlers[token] = onReadable;
        Control(Native.EPOLL_CTL_ADD, fd, token);
    }

    /// <summary>Stops watching; call before closing the descriptor.</summary>
    public void Unregister(long token, int fd)
    {
        _handlers.TryRemove(token, out _);
        Control(Native.EPOLL_CTL_DEL, fd, token);
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread (now, if already there).</summary>
    public void Post(Action action)
    {
        // After disposal nothing else runs on the loop's handlers, so running inline is safe.
        if (IsLoopThread || _stopping)
        {
            action();
            return;
        }

        _posted.Enqueue(action);
        Wake();
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        Wake();
        if (!IsLoopThread)
        {
            _thread.Join();
        }

        Native.close(_wake);
        Native.close(_epoll);
    }

    private void Wake()
    {
        ulong one = 1;
        Native.write(_wake, (byte*)&one, sizeof(ulong));
    }

    private void Control(int op, int fd, long token)
    {
        var ev = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(ev, 4), Native.EPOLLIN);
        BinaryPrimitives.WriteInt64LittleEndian(new Span<byte>(ev + DataOffset, 8), token);
        if (Native.epoll_ctl(_epoll, op, fd, ev) != 0 && op == Native.EPOLL_CTL_ADD)
        {
            throw new IOException($"epoll_ctl(ADD, {fd}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private void Run()
    {
        var events = new byte[MaxEvents * EventSize];
        while (!_stopping)
        {
            int count;
            fixed (byte* buffer = events)
            {
                count = Native.epoll_wait(_epoll, buffer, MaxEvents, -1);
            }

            if (count < 0)
            {
                // EINTR: a signal landed on this thread; anything else would repeat forever, so stop.
                if (Marshal.GetLastPInvokeError() == Native.EINTR)
                {
                    continue;
                }

                break;
            }

            for (var i = 0; i < count; i++)
            {
                var token = BinaryPrimitives.ReadInt64LittleEndian(events.AsSpan((i * EventSize) + DataOffset, 8));
                if (token == WakeToken)
                {
                    ulong value;
                    Native.read(_wake, (byte*)&value, sizeof(ulong));
                }
                else if (_handlers.TryGetValue(token, out var handler))
                {
                    Invoke(handler);
                }
            }

            while (_posted.TryDequeue(out var action))
            {
                Invoke(action);
            }
        }
    }

    private static void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            // A handler bug must not stop exit detection for every other container.
            System.Diagnostics.Trace.TraceError($"podvisor process event handler failed: {ex}");
        }
    }
}
