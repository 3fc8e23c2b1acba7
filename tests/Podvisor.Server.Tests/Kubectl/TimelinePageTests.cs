using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Podvisor.Server.Tests.Api;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>
/// <c>GET /podvisor/pods/{ns}/{name}/timeline</c> on the published <c>podvisor serve</c>: the same page as
/// <c>run --report</c>, behind the API's bearer token, for a pod applied and deleted with the real kubectl.
/// </summary>
public sealed partial class TimelinePageTests(ServeFixture fixture) : IClassFixture<ServeFixture>, IDisposable
{
    private readonly string _files = Directory.CreateDirectory(Path.Combine("/var/tmp", "podvisor-timeline-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_files, recursive: true);

    [Fact]
    public async Task TimelinePage_ForAStoredPod_LanesAndStopMarkers_BehindTheToken()
    {
        var file = Path.Combine(_files, "timeline.yaml");
        // A finalizer keeps the terminated pod (and its page) until the test lets it go.
        await File.WriteAllTextAsync(file, Manifests.Server("timeline", grace: 5).Replace(
            "  labels:", "  finalizers:\n  - podvisor.test/keep\n  labels:", StringComparison.Ordinal));
        await fixture.Kubectl.OkAsync("apply", "-f", file);
        await fixture.Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/timeline", "--timeout=60s");
        using var client = Client(out var server);

        var running = await client.GetStringAsync(new Uri(server, "/podvisor/pods/default/timeline/timeline"));

        Assert.Contains("<g data-lane=\"app\" data-kind=\"app\"", running, StringComparison.Ordinal);
        Assert.Contains("data-span=\"state\" data-state=\"Running\"", running, StringComparison.Ordinal);
        Assert.DoesNotContain("data-marker=\"signal\"", running, StringComparison.Ordinal);

        await fixture.Kubectl.OkAsync("delete", "pod", "timeline", "--wait=false");
        await fixture.Kubectl.OkAsync("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/timeline", "--timeout=60s");
        var stopped = await client.GetStringAsync(new Uri(server, "/podvisor/pods/default/timeline/timeline"));
        Assert.Single(SignalMarker().Matches(stopped));
        Assert.Contains("data-lane=\"app\" data-kind=\"app\" data-cause=\"StopSignal\"", stopped, StringComparison.Ordinal);
        Assert.Contains("data-marker=\"event\" data-reason=\"Killing\"", stopped, StringComparison.Ordinal);
        Assert.Contains("data-marker=\"pod\" data-step=\"deletion\"", stopped, StringComparison.Ordinal);

        using var anonymous = new HttpClient(Handler());
        var unauthorized = await anonymous.GetAsync(new Uri(server, "/podvisor/pods/default/timeline/timeline"));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        var missing = await client.GetAsync(new Uri(server, "/podvisor/pods/default/nosuchpod/timeline"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("pods \"nosuchpod\" not found", (string?)JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["message"]);
        await fixture.Kubectl.OkAsync("patch", "pod", "timeline", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        await fixture.Kubectl.OkAsync("wait", "--for=delete", "pod/timeline", "--timeout=60s");
    }

    private HttpClient Client(out Uri server)
    {
        var kubeconfig = File.ReadAllText(fixture.Server.Kubeconfig);
        server = new Uri(ServerLine().Match(kubeconfig).Groups[1].Value);
        var client = new HttpClient(Handler());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(fixture.DataDirectory, "token")).Trim());
        return client;
    }

    private HttpClientHandler Handler()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(fixture.DataDirectory, "ca.crt")));
        return new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => InProcessServer.Trusts(ca, certificate) };
    }

    [GeneratedRegex("data-marker=\"signal\" data-signal=\"SIGTERM\"")]
    private static partial Regex SignalMarker();

    [GeneratedRegex(@"server:\s*(\S+)")]
    private static partial Regex ServerLine();
}
