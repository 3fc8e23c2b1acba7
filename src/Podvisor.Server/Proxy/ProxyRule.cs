using System.Net;

namespace Podvisor.Server.Proxy;

/// <summary>One address the proxy listens on and the ready endpoints it forwards that address's connections to.</summary>
internal sealed record ProxyRule(IPEndPoint Frontend, IReadOnlyList<IPEndPoint> Backends);
