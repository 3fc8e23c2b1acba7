using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Tests.Api;

/// <summary>Requests a client must never be able to turn into a 500 or a silent close (issue 12 items 6 and 9).</summary>
#pragma warning disable CA1001 // IAsyncLifetime.DisposeAsync disposes it; xunit calls it even when a test fails.
public sealed class HostileRequestTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task BodyOverTheLimit_Is413()
    {
        var body = "{\"metadata\":{\"name\":\"big\",\"annotations\":{\"a\":\"" + new string('x', 4 * 1024 * 1024) + "\"}}}";
        // Expect: 100-continue, so the refusal arrives before the upload: without it, the server's close after its
        // answer races the client's write of the rest of the body (a broken pipe instead of the response).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await _server.Client.SendAsync(request);

        Assert.Equal((413, "RequestEntityTooLarge"), await StatusOf(response));
    }

    [Theory]
    [InlineData("DELETE", "/api/v1/namespaces/default/events/x", "{\"gracePeriodSeconds\":1,\"gracePeriodSeconds\":2}")]
    [InlineData("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":1}}")]
    [InlineData("DELETE", "/api/v1/namespaces/default/pods/x", "{\"gracePeriodSeconds\":\"soon\"}")]
    public async Task MalformedBodies_Are400(string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await _server.Client.SendAsync(request);

        Assert.Equal((400, "BadRequest"), await StatusOf(response));
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/default/pods?dryRun=bogus", "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"bogus\"}: supported values: \"All\"")]
    [InlineData("DELETE", "/api/v1/namespaces/default/pods/x?dryRun=bogus", "DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"bogus\"}: supported values: \"All\"")]
    public async Task DryRun_OtherThanAll_Is422(string method, string path, string message)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{\"metadata\":{\"name\":\"x\"}}", Encoding.UTF8, "application/json") };
        using var response = await _server.Client.SendAsync(request);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal((422, message), ((int)response.StatusCode, (string?)status["message"]));
    }

    /// <summary>
    /// A body shorter than its Content-Length is waited for until Kestrel's minimum data rate gives up (408, after its
    /// 5 s grace); a malformed chunk is refused at once (400). Both were 500 InternalError before.
    /// </summary>
    [Theory]
    [InlineData("Content-Length: 50\r\n\r\n{\"metadata\":{}}", 408)]
    [InlineData("Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400)]
    public async Task BrokenFraming_IsA4xxStatus(string rest, int code)
    {
        var answer = await RawTlsAsync($"POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nAuthorization: {_server.Client.DefaultRequestHeaders.Authorization}\r\nContent-Type: application/json\r\n{rest}");

        Assert.StartsWith($"HTTP/1.1 {code} ", answer, StringComparison.Ordinal);
        Assert.Contains($"\"kind\":\"Status\"", answer, StringComparison.Ordinal);
        Assert.Contains($"\"code\":{code}}}", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_OnTheHttpsPort_GetsGosAnswer()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.Server.Url.Host, _server.Server.Url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /version HTTP/1.1\r\nHost: x\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);

        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n", answer);
    }

    /// <summary>Sends raw bytes over TLS (trusting the server's CA) and reads up to the Status, the close, or 30 s.</summary>
    private async Task<string> RawTlsAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.Server.Url.Host, _server.Server.Url.Port);
        using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => InProcessServer.Trusts(_server.Ca, certificate));
        await tls.AuthenticateAsClientAsync(_server.Server.Url.Host);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        await tls.FlushAsync();
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            int read;
            while ((read = await tls.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (answer.ToString().Contains("\"code\":4", StringComparison.Ordinal) && answer.ToString().EndsWith('}'))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The server may reset the connection after its answer.
        }

        return answer.ToString();
    }

    private static async Task<(int, string?)> StatusOf(HttpResponseMessage response) =>
        ((int)response.StatusCode, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]);
}
