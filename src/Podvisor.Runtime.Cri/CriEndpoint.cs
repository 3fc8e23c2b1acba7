namespace Podvisor.Runtime.Cri;

/// <summary>
/// A CRI runtime's address as the kubelet's <c>--container-runtime-endpoint</c> spells it: <c>unix:///run/x.sock</c>
/// (a bare absolute path is accepted too). Only unix sockets: CRI runtimes listen on nothing else on Linux.
/// </summary>
internal sealed record CriEndpoint(string SocketPath)
{
    private const string UnixScheme = "unix://";

    public static bool TryParse(string text, out CriEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        error = null;
        var path = text.StartsWith(UnixScheme, StringComparison.Ordinal) ? text[UnixScheme.Length..] : text;
        if (path.Length == 0 || !Path.IsPathRooted(path) || path.Contains("://", StringComparison.Ordinal))
        {
            error = $"invalid container runtime endpoint \"{text}\": expected unix:///path/to/socket";
            return false;
        }

        endpoint = new CriEndpoint(path);
        return true;
    }

    public override string ToString() => UnixScheme + SocketPath;
}
