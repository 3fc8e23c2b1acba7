using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Podvisor.Engine.Images;
using Podvisor.Server.Hosting;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Api;

/// <summary>The HTTP surface in-process (Kestrel on a free loopback port, TLS, token) over a fake runtime.</summary>
#pragma warning disable CA1001 // IAsyncLifetime.DisposeAsync disposes them; xunit calls it even when a test fails.
public sealed class ApiServerTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-api-").FullName;
    private PodvisorServer _server = null!;
    private HttpClient _client = null!;
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        var options = new ServerOptions { DataDirectory = _directory, Port = 0 };
        _server = await PodvisorServer.StartAsync(options, new FakeContainerRuntime(TimeProvider.System), ImageCatalog.Empty, TimeProvider.System, CancellationToken.None);
        _client = Client(File.ReadAllText(Path.Combine(_directory, "token")));
        _anonymous = Client(token: null);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _anonymous.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Version_IsV132_AndNotCached()
    {
        using var response = await _client.GetAsync(new Uri("/version", UriKind.Relative));
        var version = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(("1", "32", "v1.32.4"), ((string?)version["major"], (string?)version["minor"], (string?)version["gitVersion"]));
        Assert.Contains("no-cache", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AggregatedDiscovery_HasTheExactContentType()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        using var response = await _client.SendAsync(request);

        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", string.Empty, StringComparison.Ordinal));
        var pods = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]![0]!["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "pods")!;
        Assert.Equal("Pod", (string?)pods["responseKind"]!["kind"]);
        Assert.Equal(["attach", "exec", "log", "status"], pods["subresources"]!.AsArray().Select(s => (string?)s!["subresource"]));
    }

    [Fact]
    public async Task Errors_AreStatusObjects()
    {
        using var anonymous = await _anonymous.GetAsync(new Uri("/api/v1/pods", UriKind.Relative));
        using var unknown = await _client.GetAsync(new Uri("/apis/batch/v1/jobs", UriKind.Relative));
        using var method = await _client.PutAsync(new Uri("/api/v1/pods", UriKind.Relative), new StringContent("{}"));
        using var missing = await _client.GetAsync(new Uri("/api/v1/namespaces/default/pods/nope", UriKind.Relative));
        using var patch = await _client.PatchAsync(new Uri("/api/v1/namespaces/default/pods/nope", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal((401, "Unauthorized"), await StatusOf(anonymous));
        Assert.Equal((404, "NotFound"), await StatusOf(unknown));
        Assert.Equal((405, "MethodNotAllowed"), await StatusOf(method));
        Assert.Equal((404, "NotFound"), await StatusOf(missing));
        Assert.Equal((415, "UnsupportedMediaType"), await StatusOf(patch));
    }

    [Fact]
    public async Task Pods_AsTables_WithEveryColumn()
    {
        await CreateAsync("web", labels: """{"app":"web"}""");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/pods?limit=500");
        request.Headers.TryAddWithoutValidation("Accept", TableAccept);
        using var response = await _client.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"], table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]));
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal("web", (string?)row["cells"]![0]);
        Assert.Equal(9, row["cells"]!.AsArray().Count);
        Assert.Equal("PartialObjectMetadata", (string?)row["object"]!["kind"]);
        Assert.Equal("web", (string?)row["object"]!["metadata"]!["labels"]!["app"]);
    }

    [Fact]
    public async Task Watch_FromZero_SendsSyntheticAdded_ColumnsOnlyFirst_AndDeletedWhenAPodStopsMatching()
    {
        await CreateAsync("a", labels: """{"app":"x"}""");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/pods?watch=true&resourceVersion=0&labelSelector=app%3Dx");
        request.Headers.TryAddWithoutValidation("Accept", TableAccept);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        using var relabel = await _client.PatchAsync(
            new Uri("/api/v1/namespaces/default/pods/a", UriKind.Relative),
            new StringContent("""{"metadata":{"labels":{"app":"y"}}}""", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, relabel.StatusCode);
        JsonNode next;
        do
        {
            next = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        }
        while ((string?)next["type"] == "MODIFIED");

        Assert.Equal("ADDED", (string?)first["type"]);
        Assert.Equal("Table", (string?)first["object"]!["kind"]);
        Assert.NotNull(first["object"]!["columnDefinitions"]);
        Assert.Equal("DELETED", (string?)next["type"]);
        Assert.Null(next["object"]!["columnDefinitions"]);
    }

    [Fact]
    public async Task Logs_OfAMultiContainerPod_NeedAContainerName()
    {
        await CreateAsync("pair", containers: """[{"name":"a","image":"busybox","command":["true"]},{"name":"b","image":"busybox","command":["true"]}]""");

        using var response = await _client.GetAsync(new Uri("/api/v1/namespaces/default/pods/pair/log", UriKind.Relative));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("a container name must be specified for pod pair, choose one of: [a b]", (string?)status["message"]);
    }

    [Theory]
    [InlineData("exec", "?command=true")]
    [InlineData("attach", "?stdout=true")]
    public async Task ExecAndAttach_ChooseTheContainer_WithTheApiserversWords(string verb, string query)
    {
        await CreateAsync("pair", containers: """[{"name":"a","image":"busybox","command":["sleep","100"]},{"name":"b","image":"busybox","command":["sleep","100"]}]""");

        async Task<string?> MessageAsync(string extra)
        {
            using var response = await _client.GetAsync(new Uri($"/api/v1/namespaces/default/pods/pair/{verb}{query}{extra}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"];
        }

        Assert.Equal("a container name must be specified for pod pair, choose one of: [a b]", await MessageAsync(string.Empty));
        Assert.Equal("container c is not valid for pod pair", await MessageAsync("&container=c"));
    }

    private async Task CreateAsync(string name, string labels = "{}", string containers = """[{"name":"app","image":"busybox","command":["sleep","100"]}]""")
    {
        var body = $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{{{labels}}}},"spec":{"containers":{{{containers}}}}}""";
        using var response = await _client.PostAsync(new Uri("/api/v1/namespaces/default/pods?fieldValidation=Strict", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(int, string?)> StatusOf(HttpResponseMessage response)
    {
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)status["kind"]);
        return ((int)response.StatusCode, (string?)status["reason"]);
    }

    private HttpClient Client(string? token)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_directory, "ca.crt")));
        var handler = new HttpClientHandler
        {
            // Trust exactly the server's own CA, as kubectl does with certificate-authority-data.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = _server.Url };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
