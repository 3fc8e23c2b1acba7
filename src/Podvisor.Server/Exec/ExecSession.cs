using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Exec;

/// <summary>The channel framing of one exec WebSocket; sends are serialized (a WebSocket allows one at a time).</summary>
internal sealed class ExecSession(WebSocket socket) : IDisposable
{
    private const byte StdinChannel = 0;
    private const byte ErrorChannel = 3;
    private const byte ResizeChannel = 4;
    private const byte CloseChannel = 255;
    private readonly SemaphoreSlim _send = new(1, 1);

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
    /// channel 0 ends stdin, resizes are read and ignored. Reading also lets the socket answer kubectl's pings.
    /// </summary>
    public async Task ReceiveAsync(Stream? stdin, CancellationToken cancellationToken)
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
                case ResizeChannel:
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
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _send.Release();
        }
    }
}
