using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Exec;

/// <summary>The channel framing of one exec WebSocket; sends are serialized (a WebSocket allows one at a time).</summary>
/// <remarks>
/// No frame leaves before <see cref="FirstFrameDelay"/> has passed since the upgrade. kubectl up to 1.32 (client-go's
/// WebSocket executor) reads frames before it has created its streams, and drops a frame for a stream it does not have
/// yet; a close that comes first fails the exec with "closed all streams" (kubernetes/kubernetes issue 131189, fixed
/// in 1.33 by PR 131203). A cluster never meets it: its answer travels apiserver → kubelet → runtime and back, tens of
/// milliseconds at least; ours can be ready in one (an exec that cannot start, a command with instant output).
/// </remarks>
internal sealed class ExecSession(WebSocket socket, TimeProvider time) : IDisposable
{
    /// <summary>How long after the upgrade the first frame may go (see the remarks).</summary>
    public static readonly TimeSpan FirstFrameDelay = TimeSpan.FromMilliseconds(200);

    private const byte StdinChannel = 0;
    private const byte ErrorChannel = 3;
    private const byte ResizeChannel = 4;
    private const byte CloseChannel = 255;
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly long _opened = time.GetTimestamp();
    private bool _firstFrameSent;

    public void Dispose() => _send.Dispose();

    /// <summary>Copies a process output stream to a channel until it ends.</summary>
    public async Task PumpAsync(Stream output, byte channel, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        buffer[0] = channel;
        while (true)
        {
            var read = await output.ReadAsync(buffer.AsMemory(1), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            await SendAsync(buffer.AsMemory(0, read + 1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads client frames until the client closes: stdin data goes to <paramref name="stdin"/>, a close of
    /// channel 0 ends stdin, a window size (channel 4) goes to <paramref name="resize"/> when there is one. Reading also
    /// lets the socket answer kubectl's pings.
    /// </summary>
    public async Task ReceiveAsync(Stream? stdin, CancellationToken cancellationToken, Func<ushort, ushort, CancellationToken, Task>? resize = null)
    {
        var buffer = new byte[32 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var frame = message.ToArray();
            message.SetLength(0);
            if (frame.Length == 0)
            {
                continue;
            }

            switch (frame[0])
            {
                case StdinChannel when stdin is not null:
                    try
                    {
                        await stdin.WriteAsync(frame.AsMemory(1), cancellationToken).ConfigureAwait(false);
                        await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException)
                    {
                        // The command closed its stdin (EPIPE): drop what is sent, as a pipe to it would; it may still run.
                        await CloseQuietlyAsync(stdin).ConfigureAwait(false);
                        stdin = null;
                    }

                    break;
                case CloseChannel when frame.Length > 1 && frame[1] == StdinChannel && stdin is not null:
                    await CloseQuietlyAsync(stdin).ConfigureAwait(false);
                    stdin = null;
                    break;
                case ResizeChannel when resize is not null && TerminalSize.Parse(frame.AsSpan(1)) is var (width, height):
                    await resize(width, height, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static async Task CloseQuietlyAsync(Stream stdin)
    {
        try
        {
            await stdin.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Nothing left to flush to a command that is gone.
        }
    }

    /// <summary>Sends the final Status on the error channel, then closes normally (kubectl reads that as EOF).</summary>
    public async Task FinishAsync(JsonObject status, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetBytes(status.ToJsonString());
        var frame = new byte[json.Length + 1];
        frame[0] = ErrorChannel;
        json.CopyTo(frame, 1);
        await SendAsync(frame, cancellationToken).ConfigureAwait(false);
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Called under the send lock: the first frame waits until <see cref="FirstFrameDelay"/> after the upgrade.</summary>
    private async Task HoldFirstFrameAsync(CancellationToken cancellationToken)
    {
        if (_firstFrameSent)
        {
            return;
        }

        _firstFrameSent = true;
        var left = FirstFrameDelay - time.GetElapsedTime(_opened);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one frame of data on a channel.</summary>
    public Task SendAsync(byte channel, byte[] data, CancellationToken cancellationToken)
    {
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame, 1);
        return SendAsync(frame, cancellationToken);
    }

    private async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await HoldFirstFrameAsync(cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _send.Release();
        }
    }
}
