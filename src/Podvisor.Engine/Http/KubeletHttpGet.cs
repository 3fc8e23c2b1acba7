using System.Globalization;
using System.Net.Http.Headers;

namespace Podvisor.Engine.Http;

/// <summary>
/// The one way the kubelet turns an <c>httpGet</c> action into a request, shared by lifecycle hooks and
/// probes as upstream shares <c>probe/http/request.go</c>: the URL from scheme, host (default the pod IP),
/// port and path, and the headers (a <c>Host</c> header sets the host; an empty <c>Accept</c> drops the default).
/// </summary>
internal static class KubeletHttpGet
{
    /// <summary>Builds the URL; a leading '/' is added to the path, an IPv6 host is bracketed (Go's <c>net.JoinHostPort</c>).</summary>
    public static bool TryBuildUrl(string scheme, string? host, string podIp, int port, string path, out Uri url, out string error)
    {
        var target = string.IsNullOrEmpty(host) ? podIp : host;
        var authority = target.Contains(':', StringComparison.Ordinal) ? $"[{target}]" : target;
        var absolutePath = path.StartsWith('/') ? path : "/" + path;
        if (Uri.TryCreate($"{scheme.ToLowerInvariant()}://{authority}:{port.ToString(CultureInfo.InvariantCulture)}{absolutePath}", UriKind.Absolute, out var built))
        {
            url = built;
            error = string.Empty;
            return true;
        }

        url = null!;
        error = $"invalid URL for host {target}, port {port}, path {path}";
        return false;
    }

    public static HttpRequestMessage CreateRequest(Uri url, string userAgent, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
                continue;
            }

            request.Headers.Remove(name);
            if (!(string.Equals(name, "Accept", StringComparison.OrdinalIgnoreCase) && value.Length == 0))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
