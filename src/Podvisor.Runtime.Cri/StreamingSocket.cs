using System.Net.WebSockets;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// A connection to a URL of containerd's streaming server (what CRI <c>Exec</c> and <c>Attach</c> answer), as a WebSocket
/// speaking <c>v4.channel.k8s.io</c>, the remotecommand protocol containerd 1.6 serves: one byte of channel, then data.
/// </summary>
internal static class StreamingSocket
{
    public const string Protocol = "v4.channel.k8s.io";

    public static async Task<ClientWebSocket> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(Protocol);
        var target = new UriBuilder(url) { Scheme = url.Scheme == "https" ? "wss" : "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }
}
