namespace Podvisor.Engine.Probes;

/// <summary>The network side of probes, behind a seam so unit tests script it (kubelet <c>pkg/probe/http|tcp|grpc</c>).</summary>
internal interface IProbeNetwork
{
    /// <summary>One GET; success iff 200 ≤ status &lt; 400, same-host redirects followed.</summary>
    Task<ProbeOutcome> HttpGetAsync(HttpProbeRequest request, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Opens and closes one TCP connection.</summary>
    Task<ProbeOutcome> TcpConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>One <c>grpc.health.v1.Health/Check</c> call.</summary>
    Task<ProbeOutcome> GrpcCheckAsync(string host, int port, string? service, TimeSpan timeout, CancellationToken cancellationToken);
}
