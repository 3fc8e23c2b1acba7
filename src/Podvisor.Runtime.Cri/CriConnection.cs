using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Podvisor.Runtime.Cri.Api;

namespace Podvisor.Runtime.Cri;

/// <summary>
/// A gRPC channel to a CRI runtime's unix socket and its two services. HTTP/2 runs over the socket through
/// <see cref="SocketsHttpHandler.ConnectCallback"/>; the URI's host is only a placeholder (<c>http://localhost</c>).
/// </summary>
internal sealed class CriConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public CriConnection(CriEndpoint endpoint)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.SocketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            EnableMultipleHttp2Connections = true,
        };
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            // Pulls of big images and long ExecSync outputs: CRI messages may be large (the kubelet allows 16 MiB).
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
        Images = new ImageService.ImageServiceClient(_channel);
    }

    public CriEndpoint Endpoint { get; }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    /// <summary>Asks the runtime's version (CRI <c>Version</c>): the readiness check the kubelet makes first.</summary>
    public async Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) =>
        await Runtime.VersionAsync(new VersionRequest { Version = "v1" }, cancellationToken: cancellationToken).ConfigureAwait(false);

    public void Dispose() => _channel.Dispose();
}
