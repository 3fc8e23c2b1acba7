using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Podvisor.Testing;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port that answers every request with one canned status and body,
/// for the hook runner's real HTTP client. Each request's line is recorded; the listener stops on dispose.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly int _status;
    private readonly byte[] _body;
    private readonly List<string> _requests = [];

    public LoopbackHttpServer(int status, string body)
    {
        _status = status;
        _body = Encoding.UTF8.GetBytes(body);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync(_stop.Token) ?? string.Empty;
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
            {
            }

            lock (_requests)
            {
                _requests.Add(requestLine);
            }

            var head = string.Create(CultureInfo.InvariantCulture,
                $"HTTP/1.1 {_status} Canned\r\nContent-Length: {_body.Length}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            try
            {
                await stream.WriteAsync(_body, _stop.Token);
            }
            catch (IOException)
            {
                // The client read what it wanted (at most 10 KiB, as the kubelet) and closed.
            }
        }
    }
}
