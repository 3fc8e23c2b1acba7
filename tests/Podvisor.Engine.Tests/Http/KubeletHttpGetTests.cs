using Podvisor.Engine.Http;

namespace Podvisor.Engine.Tests.Http;

public sealed class KubeletHttpGetTests
{
    [Theory]
    [InlineData("HTTP", null, "shutdown", "http://127.0.0.1:8080/shutdown")]
    [InlineData("HTTPS", "::1", "/healthz", "https://[::1]:8080/healthz")]
    [InlineData("HTTP", "example.test", "/", "http://example.test:8080/")]
    public void TryBuildUrl_DefaultsTheHost_AddsTheSlash_BracketsIPv6(string scheme, string? host, string path, string expected)
    {
        Assert.True(KubeletHttpGet.TryBuildUrl(scheme, host, "127.0.0.1", 8080, path, out var url, out var error));

        Assert.Equal(expected, url.ToString());
        Assert.Empty(error);
    }

    [Fact]
    public void CreateRequest_HostHeaderSetsTheHost_EmptyAcceptDropsTheDefault_OthersReplace()
    {
        using var request = KubeletHttpGet.CreateRequest(
            new Uri("http://127.0.0.1:8080/"),
            "kube-probe/1.32",
            [new("Host", "svc.local"), new("Accept", ""), new("X-Custom", "a")]);

        Assert.Equal("svc.local", request.Headers.Host);
        Assert.Empty(request.Headers.Accept);
        Assert.Equal(["a"], request.Headers.GetValues("X-Custom"));
        Assert.Equal("kube-probe/1.32", request.Headers.UserAgent.ToString());
    }
}
