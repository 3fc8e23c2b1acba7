using System.IO.Pipes;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Podvisor.Engine.Runtime;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// A streaming exec through containerd's streaming server: CRI <c>Exec</c> gives a URL, which is opened as a
/// WebSocket with Kubernetes' <c>v4.channel.k8s.io</c> protocol (kubernetes <c>pkg/kubelet/cri/streaming/remotecommand</c>):
/// every message starts with its channel byte, 0 stdin, 1 stdout, 2 stderr, 3 the final <c>Status</c> (exit code),
/// 4 a terminal's window size.
/// v4 has no way to close stdin alone (v5 added it, containerd 1.6 predates it): disposing <see cref="Stdin"/> sends nothing.
/// </summary>
internal sealed class CriExecSession : IExecSession
{
    private readonly ClientWebSocket _socket;
    private readonly AnonymousPipeServerStream _stdoutWriter;
    private readonly AnonymousPipeServerStream? _stderrWriter;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private readonly bool _tty;
    private Task _receive = Task.CompletedTask;

    private CriExecSession(ClientWebSocket socket, ExecStreams streams)
    {
        _socket = socket;
        _tty = streams.Tty;
        _stdoutWriter = new AnonymousPipeServerStream(PipeDirection.Out);
        Stdout = new AnonymousPipeClientStream(PipeDirection.In, _stdoutWriter.ClientSafePipeHandle);
        if (!streams.Tty)
        {
            _stderrWriter = new AnonymousPipeServerStream(PipeDirection.Out);
            Stderr = new AnonymousPipeClientStream(PipeDirection.In, _stderrWriter.ClientSafePipeHandle);
        }

        Stdin = streams.Stdin ? new ChannelWriteStream(socket) : null;
    }

    public ExecStartFailure? StartFailure => null;

    public Stream? Stdin { get; }

    public Stream Stdout { get; }

    public Stream? Stderr { get; }

    public Task<int> Exited => _exited.Task;

    public static async Task<CriExecSession> ConnectAsync(Uri url, ExecStreams streams, CancellationToken cancellationToken)
    {
        var socket = await StreamingSocket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);

        var session = new CriExecSession(socket, streams);
        session._receive = session.ReceiveAsync();
        return session;
    }

    private async Task ReceiveAsync()
    {
        var status = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _abort.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var bytes = message.GetBuffer().AsMemory(0, (int)message.Length);
                if (bytes.Length > 1)
                {
                    var payload = bytes[1..];
                    switch (bytes.Span[0])
                    {
                        case 1:
                            await _stdoutWriter.WriteAsync(payload, _abort.Token).ConfigureAwait(false);
                            break;
                        case 2:
                            await (_stderrWriter ?? _stdoutWriter).WriteAsync(payload, _abort.Token).ConfigureAwait(false);
                            break;
                        case 3:
                            status.Write(payload.Span);
                            break;
                    }
                }

                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The connection ended without a status: the exec was cut off.
            _exited.TrySetResult(137);
        }
        finally
        {
            await _stdoutWriter.DisposeAsync().ConfigureAwait(false);
            if (_stderrWriter is not null)
            {
                await _stderrWriter.DisposeAsync().ConfigureAwait(false);
            }
        }

        _exited.TrySetResult(ExitCodeOf(status.ToArray()));
    }

    /// <summary>
    /// The error channel's <c>Status</c>: <c>Success</c> is 0; a non-zero exit is <c>NonZeroExitCode</c> with an
    /// <c>ExitCode</c> cause; anything else (the command could not start) is 126, or 127 when it was not found.
    /// </summary>
    internal static int ExitCodeOf(byte[] status)
    {
        if (status.Length == 0)
        {
            return 0;
        }

        try
        {
            using var document = JsonDocument.Parse(status);
            var root = document.RootElement;
            if (root.TryGetProperty("status", out var state) && state.GetString() == "Success")
            {
                return 0;
            }

            if (root.TryGetProperty("details", out var details) && details.TryGetProperty("causes", out var causes))
            {
                foreach (var cause in causes.EnumerateArray())
                {
                    if (cause.TryGetProperty("reason", out var reason) && reason.GetString() == "ExitCode"
                        && cause.TryGetProperty("message", out var code) && int.TryParse(code.GetString(), out var exitCode))
                    {
                        return exitCode;
                    }
                }
            }

            var text = root.TryGetProperty("message", out var message) ? message.GetString() ?? string.Empty : string.Empty;
            return text.Contains("not found", StringComparison.Ordinal) || text.Contains("no such file", StringComparison.Ordinal) ? 127 : 126;
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(status).Contains("not found", StringComparison.Ordinal) ? 127 : 126;
        }
    }

    /// <summary>
    /// Sends the window size on channel 4 as the kubelet's streaming client does (a JSON <c>TerminalSize</c>,
    /// <c>{"Width":…,"Height":…}</c>); containerd sets it on the exec's console. Called from the one loop that also
    /// writes stdin, so the socket never has two sends at once.
    /// </summary>
    public async Task ResizeAsync(ushort width, ushort height, CancellationToken cancellationToken)
    {
        if (!_tty || _socket.State != WebSocketState.Open)
        {
            return;
        }

        var frame = TerminalSizeFrame.Of(width, height);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // The exec ended meanwhile: a size for a terminal that is gone.
        }
    }

    /// <summary>Drops the connection: the command's output stops reaching us (CRI has no way to kill an exec).</summary>
    public void Kill() => _abort.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        await _receive.ConfigureAwait(false);
        _socket.Dispose();
        _abort.Dispose();
        await Stdout.DisposeAsync().ConfigureAwait(false);
        if (Stderr is not null)
        {
            await Stderr.DisposeAsync().ConfigureAwait(false);
        }

        if (Stdin is not null)
        {
            await Stdin.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes go out as channel-0 messages.</summary>
    private sealed class ChannelWriteStream(ClientWebSocket socket) : WriteOnlyStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var frame = new byte[buffer.Length + 1];
            buffer.CopyTo(frame.AsMemory(1));
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
    }
}
