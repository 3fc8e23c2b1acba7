namespace Podvisor.Engine.Probes;

/// <summary>
/// Puts the kubelet's <c>kube-probe/1.32</c> in front of the gRPC client's own User-Agent, as grpc-go's
/// <c>WithUserAgent</c> does (Grpc.Net.Client overwrites a <c>user-agent</c> metadata entry).
/// </summary>
internal sealed class GrpcUserAgentHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var own = request.Headers.UserAgent.ToString();
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", string.IsNullOrEmpty(own) ? ProbeNetwork.UserAgent : $"{ProbeNetwork.UserAgent} {own}");
        return base.SendAsync(request, cancellationToken);
    }
}
