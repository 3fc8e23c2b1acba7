using k8s.Models;

namespace Podvisor.Engine.Probes;

/// <summary>A probe's one action (validation guarantees exactly one).</summary>
internal abstract record ProbeHandler
{
    public static ProbeHandler From(V1Probe probe) => probe switch
    {
        { Exec: { } exec } => new ExecProbeHandler(exec.Command?.ToList() ?? []),
        { HttpGet: { } http } => new HttpGetProbeHandler(
            string.IsNullOrEmpty(http.Scheme) ? "HTTP" : http.Scheme,
            http.Host,
            http.Port,
            string.IsNullOrEmpty(http.Path) ? "/" : http.Path,
            (http.HttpHeaders ?? []).Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList()),
        { TcpSocket: { } tcp } => new TcpSocketProbeHandler(tcp.Host, tcp.Port),
        { Grpc: { } grpc } => new GrpcProbeHandler(grpc.Port, grpc.Service),
        _ => throw new ArgumentException("a validated probe has exactly one handler", nameof(probe)),
    };
}

internal sealed record ExecProbeHandler(IReadOnlyList<string> Command) : ProbeHandler;

internal sealed record HttpGetProbeHandler(
    string Scheme,
    string? Host,
    IntOrString Port,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers) : ProbeHandler;

internal sealed record TcpSocketProbeHandler(string? Host, IntOrString Port) : ProbeHandler;

internal sealed record GrpcProbeHandler(int Port, string? Service) : ProbeHandler;
