using k8s.Models;

namespace Podvisor.Engine.Lint.Rules;

/// <summary>The ports that httpGet and tcpSocket handlers call on the pod itself (no <c>host</c> of their own), with their field paths.</summary>
internal static class PortReferences
{
    public static IEnumerable<(HandlerSite Site, IntOrString Port, string Field)> All(LintContext context)
    {
        foreach (var site in HandlerSite.All(context))
        {
            if (site.HttpGet is { Port: { } http } get && string.IsNullOrEmpty(get.Host))
            {
                yield return (site, http, $"{site.Path}.httpGet.port");
            }

            if (site.TcpSocket is { Port: { } tcp } socket && string.IsNullOrEmpty(socket.Host))
            {
                yield return (site, tcp, $"{site.Path}.tcpSocket.port");
            }
        }
    }
}
