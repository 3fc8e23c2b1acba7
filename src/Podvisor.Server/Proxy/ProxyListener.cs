using System.Net;
using System.Net.Sockets;

namespace Podvisor.Server.Proxy;

/// <summary>
/// One listening address: accepts connections and splices each to the next endpoint of its <see cref="BackendSet"/>.
/// Stopping closes the listening socket only: connections already spliced run to their end, as conntrack keeps a
/// cluster's established flows when kube-proxy's rules change.
/// </summary>
internal sealed class ProxyListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Action<string> _log;

    public ProxyListener(IPEndPoint frontend, BackendSet backends, Action<string> log)
    {
        Frontend = frontend;
        Backends = backends;
        _log = log;
        _socket = new Socket(frontend.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(frontend);
            _socket.Listen(512);
        }
        catch
        {
            _socket.Dispose();
            _stop.Dispose();
            throw;
        }

        _accepting = Task.Run(AcceptAsync);
    }

    public IPEndPoint Frontend { get; }

    public BackendSet Backends { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using (client)
        {
            client.NoDelay = true;
            if (Backends.Pick() is not { } backend)
            {
                Reset(client);
                return;
            }

            using var upstream = new Socket(backend.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await upstream.ConnectAsync(backend).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                // As with kube-proxy, a connection sent to a dead endpoint fails; the client sees a reset.
                _log($"proxy {Frontend}: {backend}: {e.SocketErrorCode}");
                Reset(client);
                return;
            }

            await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client)).ConfigureAwait(false);
        }
    }

    /// <summary>Copies one direction until end of stream, then half-closes the other side so the peer sees EOF.</summary>
    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A reset on one side: reset the other too, as a forwarded flow would be.
            Reset(to);
            Reset(from);
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
