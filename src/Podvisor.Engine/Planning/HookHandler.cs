using k8s.Models;

namespace Podvisor.Engine.Planning;

/// <summary>A lifecycle hook's one action (validation guarantees there is exactly one, or the pod is rejected).</summary>
internal abstract record HookHandler
{
    public static HookHandler? From(V1LifecycleHandler? handler) => handler switch
    {
        null => null,
        { Exec: { } exec } => new ExecHookHandler(exec.Command?.ToList() ?? []),
        { HttpGet: { } http } => new HttpGetHookHandler(
            http.Scheme ?? "HTTP",
            http.Host,
            http.Port,
            http.Path ?? string.Empty,
            (http.HttpHeaders ?? []).Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList()),
        { Sleep: { } sleep } => new SleepHookHandler(sleep.Seconds),
        { TcpSocket: not null } => new UnsupportedHookHandler("tcpSocket"),
        _ => new UnsupportedHookHandler("none"),
    };
}

internal sealed record ExecHookHandler(IReadOnlyList<string> Command) : HookHandler;

internal sealed record HttpGetHookHandler(
    string Scheme,
    string? Host,
    IntOrString Port,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers) : HookHandler;

internal sealed record SleepHookHandler(long Seconds) : HookHandler;

/// <summary>Accepted by the API for compatibility (<c>tcpSocket</c>) but not runnable by the kubelet.</summary>
internal sealed record UnsupportedHookHandler(string Kind) : HookHandler;
