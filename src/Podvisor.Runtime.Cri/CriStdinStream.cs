using System.Net.WebSockets;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// One attach's input to a CRI container: CRI <c>Attach</c> with stdin alone, its URL opened as a WebSocket with
/// <c>v4.channel.k8s.io</c> (the protocol containerd 1.6's streaming server speaks, as for exec). Writes go out as
/// channel-0 messages and containerd copies them into the container's stdin (containerd <c>pkg/cri/io/container_io.go</c>
/// <c>Attach</c>).
/// </summary>
/// <remarks>
/// Why stdin alone, and the output from the log file: v4 cannot close stdin without closing the connection (v5 added the
/// half-close; containerd 1.6 predates it), so the end of the client's input can only be told to containerd by closing the
/// WebSocket, and with one connection for everything the output written after that would be lost. Closing this one
/// ends the copy in containerd, which then closes the container's stdin when it was created with <c>stdin_once</c> (and
/// no tty), as it does when a kubelet's attach ends; the output keeps coming from the CRI log file containerd writes.
/// </remarks>
internal sealed class CriStdinStream : WriteOnlyStream
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Task _receive;
    private int _disposed;

    private CriStdinStream(ClientWebSocket socket, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        _receive = DrainAsync();
    }

    public static async Task<CriStdinStream> ConnectAsync(Uri url, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = await StreamingSocket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);

        return new CriStdinStream(socket, time);
    }

    /// <summary>Sends the bytes as one channel-0 message; a connection containerd has ended is an <see cref="IOException"/>, as a closed pipe.</summary>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var frame = new byte[buffer.Length + 1];
        buffer.CopyTo(frame.AsMemory(1));
        try
        {
            await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException ex)
        {
            throw new IOException("this attach's input has ended", ex);
        }

        try
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new IOException("this attach's input has ended");
            }

            await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            throw new IOException("containerd ended the attach: the container's stdin is gone", ex);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>
    /// Sends a terminal's window size on channel 4 (client-go's <c>TerminalSize</c> JSON), which containerd sets on the
    /// container's console; nothing once this attach's input has ended.
    /// </summary>
    public async Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken)
    {
        var frame = TerminalSizeFrame.Of(width, height);
        try
        {
            await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (Volatile.Read(ref _disposed) == 0 && _socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
            // containerd ended the attach: a size for a console no attach holds.
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>
    /// Reads what containerd sends (nothing but the final Status on channel 3, and its close) so the close handshake
    /// completes; the content is not needed.
    /// </summary>
    private async Task DrainAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone: nothing more will come.
        }
    }

    /// <summary>Ends this attach's input: the WebSocket is closed, which containerd reads as the end of stdin.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _send.WaitAsync().ConfigureAwait(false);
        try
        {
            using var bound = new CancellationTokenSource(CloseWait, _time);
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, bound.Token).ConfigureAwait(false);
            }

            // containerd answers with its Status and close once its copy into the container has ended.
            await _receive.WaitAsync(CloseWait, _time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // containerd is gone or slow to answer: dropping the connection below ends the copy all the same.
        }
        finally
        {
            _socket.Abort();
            _socket.Dispose();
            _send.Release();
            _send.Dispose();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Volatile.Read(ref _disposed) == 0)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }
}
