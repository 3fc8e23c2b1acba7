using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Server.Exec;

namespace Podvisor.Server.Tests.Exec;

/// <summary>
/// The first frame of an exec session waits until <see cref="ExecSession.FirstFrameDelay"/> after the upgrade, so that
/// kubectl 1.32 has created its streams (it drops frames that come earlier); later frames are not held.
/// </summary>
public sealed class ExecSessionTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly WebSocket _server;
    private readonly WebSocket _client;

    public ExecSessionTests()
    {
        var toClient = new Pipe();
        var toServer = new Pipe();
        _server = WebSocket.CreateFromStream(new DuplexStream(toServer.Reader.AsStream(), toClient.Writer.AsStream()), isServer: true, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        _client = WebSocket.CreateFromStream(new DuplexStream(toClient.Reader.AsStream(), toServer.Writer.AsStream()), isServer: false, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _server.Dispose();
        _client.Dispose();
    }

    [Fact]
    public async Task FirstFrame_LeavesOnlyAfterTheDelay_LaterFramesAtOnce()
    {
        using var session = new ExecSession(_server, _time);
        var buffer = new byte[64];

        var first = session.SendAsync(1, "early"u8.ToArray(), CancellationToken.None);
        var received = _client.ReceiveAsync(buffer, CancellationToken.None);
        _time.Advance(ExecSession.FirstFrameDelay - TimeSpan.FromMilliseconds(1));
        var raced = await Task.WhenAny(received, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System));
        Assert.NotSame(received, raced);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await first.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        var frame = await received.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        Assert.Equal([1, .. "early"u8.ToArray()], buffer[..frame.Count]);

        // The hold is once per session: the next frame goes without any more time passing.
        await session.SendAsync(2, "late"u8.ToArray(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        var second = await _client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        Assert.Equal([2, .. "late"u8.ToArray()], buffer[..second.Count]);
    }

    [Fact]
    public async Task ResizeFrames_GoToTheResizeCallback_StdinFramesToStdin()
    {
        using var session = new ExecSession(_server, _time);
        var stdin = new MemoryStream();
        var sizes = new List<(ushort, ushort)>();

        var receiving = session.ReceiveAsync(stdin, CancellationToken.None, (width, height, _) =>
        {
            sizes.Add((width, height));
            return Task.CompletedTask;
        });
        await SendFrameAsync(4, """{"Width":120,"Height":40}""");
        await SendFrameAsync(0, "ls\n");
        await SendFrameAsync(4, "not json");
        await SendFrameAsync(4, """{"width":80,"height":24}""");
        await _client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
        await receiving.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

        Assert.Equal([(120, 40), (80, 24)], sizes);
        Assert.Equal("ls\n"u8.ToArray(), stdin.ToArray());
    }

    private async Task SendFrameAsync(byte channel, string text)
    {
        byte[] frame = [channel, .. System.Text.Encoding.UTF8.GetBytes(text)];
        await _client.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
    }

    [Theory]
    [InlineData("""{"Width":120,"Height":40}""", "120x40")]
    [InlineData("""{"Height":1,"Width":2}""", "2x1")]
    [InlineData("""{"width":80,"height":24}""", "80x24")]
    [InlineData("""{"Width":120}""", "none")]
    [InlineData("""{"Width":-1,"Height":40}""", "none")]
    [InlineData("""{"Width":70000,"Height":40}""", "none")]
    [InlineData("""[120,40]""", "none")]
    [InlineData("""{"Width":""", "none")]
    public void TerminalSize_IsClientGosJson(string json, string expected) =>
        Assert.Equal(expected, TerminalSize.Parse(System.Text.Encoding.UTF8.GetBytes(json)) is var (w, h) ? $"{w}x{h}" : "none");

    /// <summary>One stream reading from one pipe and writing to another, as a socket is.</summary>
    private sealed class DuplexStream(Stream read, Stream write) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => write.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => write.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => read.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => read.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => write.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => write.WriteAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
