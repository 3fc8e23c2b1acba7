namespace Podvisor.Engine.Probes;

/// <summary>How the kubelet reads an HTTP probe's response (<c>pkg/probe/http/http.go DoHTTPProbe</c>). Pure.</summary>
internal static class HttpProbeResults
{
    /// <summary>kubelet <c>maxRespBodyLength</c>: at most 10 KiB of the body is read.</summary>
    public const int MaxBodyBytes = 10 * 1024;

    /// <summary>kubelet <c>pkg/probe/http</c> follows at most this many same-host redirects.</summary>
    public const int MaxRedirects = 10;

    /// <summary>2xx is success with the body as output; 3xx (a redirect not followed) a warning; anything else a failure.</summary>
    public static ProbeOutcome FromStatus(int statusCode, string body) => statusCode switch
    {
        >= 200 and < 300 => ProbeOutcome.Success(body),
        >= 300 and < 400 => ProbeOutcome.Warning($"Probe terminated redirects, Response body: {body}"),
        _ => ProbeOutcome.Failure($"HTTP probe failed with statuscode: {statusCode}"),
    };

    /// <summary>Go's client follows a redirect only when it stays on the same host name (the port may differ).</summary>
    public static bool MayFollow(Uri from, Uri to) =>
        string.Equals(from.Host, to.Host, StringComparison.OrdinalIgnoreCase);
}
