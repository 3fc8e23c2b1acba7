using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Http;

namespace Podvisor.Engine.Probes;

/// <summary>
/// Real probe I/O with the kubelet's client settings and Go-shaped failure texts (<c>pkg/probe/http</c>,
/// <c>tcp</c>, <c>grpc</c>): keep-alives off, TLS not verified, the probe's timeout on every call.
/// </summary>
internal sealed class ProbeNetwork : IProbeNetwork, IDisposable
{
    /// <summary>kubelet <c>prober.go</c> User-Agent; the minor version follows the Kubernetes we mirror.</summary>
    public const string UserAgent = "kube-probe/1.32";

    private static readonly TimeSpan ConnectRetry = TimeSpan.FromMilliseconds(200);

    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _http;

    public ProbeNetwork(TimeProvider time)
    {
        _time = time;
        _http = new HttpMessageInvoker(CreateHandler(), disposeHandler: true);
    }

    public void Dispose() => _http.Dispose();

    public async Task<ProbeOutcome> HttpGetAsync(HttpProbeRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var url = request.Url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var message = Build(url, request.Headers);
                using var response = await _http.SendAsync(message, deadline.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (HttpProbeResults.MayFollow(request.Url, next))
                    {
                        if (redirects + 1 >= HttpProbeResults.MaxRedirects)
                        {
                            return ProbeOutcome.Failure($"Get \"{next}\": stopped after {HttpProbeResults.MaxRedirects} redirects");
                        }

                        url = next;
                        continue;
                    }
                }

                var body = await ReadBodyAsync(response, deadline.Token).ConfigureAwait(false);
                return HttpProbeResults.FromStatus(status, body);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException ex)
        {
            return ProbeOutcome.Failure($"Get \"{url}\": {DialError(url.Host, url.Port, ex.InnerException as SocketException, ex.InnerException?.Message ?? ex.Message)}");
        }
    }

    public async Task<ProbeOutcome> TcpConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return ProbeOutcome.Success();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"dial tcp {host}:{port}: i/o timeout");
        }
        catch (SocketException ex)
        {
            return ProbeOutcome.Failure(DialError(host, port, ex, ex.Message));
        }
    }

    public async Task<ProbeOutcome> GrpcCheckAsync(string host, int port, string? service, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = $"{host}:{port}";
        var timeoutText = GoDuration.Format(timeout);
        var deadline = _time.GetUtcNow() + timeout;

        // The kubelet dials with WithBlock: refused connections are retried until the probe's deadline.
        while (!await CanConnectAsync(host, port, deadline - _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return ProbeOutcome.Failure($"timeout: failed to connect service \"{address}\" within {timeoutText}: context deadline exceeded");
            }

            await Task.Delay(left < ConnectRetry ? left : ConnectRetry, _time, cancellationToken).ConfigureAwait(false);
        }

        using var channel = GrpcChannel.ForAddress($"http://{address}", new GrpcChannelOptions
        {
            HttpHandler = new GrpcUserAgentHandler(CreateHandler()),
            DisposeHttpClient = true,
        });
        var client = new Health.HealthClient(channel);
        try
        {
            var left = deadline - _time.GetUtcNow();
            var response = await client.CheckAsync(
                new HealthCheckRequest { Service = service ?? string.Empty },
                deadline: (_time.GetUtcNow() + (left > TimeSpan.Zero ? left : TimeSpan.Zero)).UtcDateTime,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? ProbeOutcome.Success("service healthy")
                : ProbeOutcome.Failure($"service unhealthy (responded with \"{StatusName(response.Status)}\")");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            return ProbeOutcome.Failure($"error: this server does not implement the grpc health protocol (grpc.health.v1.Health): {ex.Status.Detail}");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            return ProbeOutcome.Failure($"timeout: health rpc did not complete within {timeoutText}");
        }
        catch (RpcException ex)
        {
            return ProbeOutcome.Failure($"error: health rpc probe failed: rpc error: code = {ex.StatusCode} desc = {ex.Status.Detail}");
        }
    }

    private async Task<bool> CanConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        using var timer = new CancellationTokenSource(timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static HttpRequestMessage Build(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        // Probes never reuse a connection (the kubelet's prober transport disables keep-alives).
        var message = KubeletHttpGet.CreateRequest(url, UserAgent, headers);
        message.Headers.ConnectionClose = true;
        return message;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[HttpProbeResults.MaxBodyBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Go's dial error text: <c>dial tcp 127.0.0.1:8080: connect: connection refused</c>.</summary>
    private static string DialError(string host, int port, SocketException? socket, string fallback) => socket?.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"dial tcp {host}:{port}: connect: connection refused",
        SocketError.TimedOut => $"dial tcp {host}:{port}: i/o timeout",
        SocketError.HostUnreachable => $"dial tcp {host}:{port}: connect: no route to host",
        SocketError.NetworkUnreachable => $"dial tcp {host}:{port}: connect: network is unreachable",
        _ => $"dial tcp {host}:{port}: {fallback}",
    };

    private static string StatusName(HealthCheckResponse.Types.ServingStatus status) => status switch
    {
        HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
        HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    };

    private static SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        UseCookies = false,
#pragma warning disable CA5359 // The kubelet's probe transport skips TLS verification (InsecureSkipVerify).
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
    };
}
