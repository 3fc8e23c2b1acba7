using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Tests.Api;

/// <summary>The apiserver behaviours client libraries rely on (issue 14), over HTTP against the in-process server.</summary>
#pragma warning disable CA1001 // IAsyncLifetime.DisposeAsync disposes it; xunit calls it even when a test fails.
public sealed class ApiSemanticsTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private InProcessServer _server = null!;

    private HttpClient Http => _server.Client;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("True")]
    [InlineData("yes")]
    [InlineData("")]
    public async Task Watch_AnyValueButFalseOrZero_IsAWatch(string value)
    {
        var body = await GetTextAsync($"/api/v1/namespaces/default/pods?watch={value}&timeoutSeconds=1&allowWatchBookmarks=TRUE");

        var line = JsonNode.Parse(body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single())!;
        Assert.Equal("BOOKMARK", (string?)line["type"]);
    }

    [Theory]
    [InlineData("False")]
    [InlineData("0")]
    public async Task Watch_FalseInAnyCaseOrZero_IsAList(string value)
    {
        var body = JsonNode.Parse(await GetTextAsync($"/api/v1/namespaces/default/pods?watch={value}"))!;

        Assert.Equal("PodList", (string?)body["kind"]);
    }

    [Fact]
    public async Task Watch_FromAFutureResourceVersion_IsTooLarge()
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/namespaces/default/pods?watch=1&resourceVersion=999999", UriKind.Relative));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(504, (int)response.StatusCode);
        Assert.Equal("Timeout", (string?)status["reason"]);
        Assert.StartsWith("Timeout: Too large resource version: 999999, current: ", (string?)status["message"], StringComparison.Ordinal);
        Assert.Equal("ResourceVersionTooLarge", (string?)status["details"]!["causes"]![0]!["reason"]);
        Assert.Equal(1, (int?)status["details"]!["retryAfterSeconds"]);
    }

    [Fact]
    public async Task Paging_ReadsEveryPageAtTheFirstPagesVersion()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", Event(name));
        }

        var first = JsonNode.Parse(await GetTextAsync("/api/v1/namespaces/default/events?limit=2"))!;
        await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/events/c", null);
        var token = (string?)first["metadata"]!["continue"];
        var second = JsonNode.Parse(await GetTextAsync($"/api/v1/namespaces/default/events?limit=2&continue={token}"))!;

        Assert.Equal(["a", "b"], first["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Equal(1, (long?)first["metadata"]!["remainingItemCount"]);
        Assert.Equal(["c"], second["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Null(second["metadata"]!["continue"]);
    }

    [Theory]
    [InlineData("limit=abc", 400, "BadRequest", "strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("limit=1&continue=garbage", 400, "BadRequest", "invalid continue token: continue key is not valid: ")]
    [InlineData("resourceVersionMatch=bogus", 422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    [InlineData("resourceVersionMatch=Exact", 422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    public async Task ListOptions_AreValidated(string query, int code, string reason, string message)
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/pods?" + query, UriKind.Relative));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal((code, reason), ((int)response.StatusCode, (string?)status["reason"]));
        Assert.StartsWith(message, (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_Crud_OnBothApiVersions()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", Event("e1"));
        var patched = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/events/e1", """{"count":5}""", "application/merge-patch+json");
        var asV1 = JsonNode.Parse(await GetTextAsync("/apis/events.k8s.io/v1/namespaces/default/events/e1"))!;
        var postedV1 = await SendAsync(HttpMethod.Post, "/apis/events.k8s.io/v1/namespaces/default/events", """{"metadata":{"name":"e2"},"note":"hello","regarding":{"kind":"Pod","name":"web"},"reason":"R","type":"Normal"}""");
        var asCore = JsonNode.Parse(await GetTextAsync("/api/v1/namespaces/default/events/e2"))!;
        var deleted = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/events", null);

        Assert.Equal(("Event", "v1"), ((string?)created["kind"], (string?)created["apiVersion"]));
        Assert.Equal(5, (int?)patched["count"]);
        Assert.Equal(("events.k8s.io/v1", "from a test", 5), ((string?)asV1["apiVersion"], (string?)asV1["note"], (int?)asV1["deprecatedCount"]));
        Assert.Equal("events.k8s.io/v1", (string?)postedV1["apiVersion"]);
        Assert.Equal(("hello", "web"), ((string?)asCore["message"], (string?)asCore["involvedObject"]!["name"]));
        Assert.Equal("EventList", (string?)deleted["kind"]);
        Assert.Empty(JsonNode.Parse(await GetTextAsync("/api/v1/namespaces/default/events"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task Discovery_ListsEventVerbs_AndTheEventsGroup()
    {
        var core = JsonNode.Parse(await GetTextAsync("/api/v1"))!;
        var groups = JsonNode.Parse(await GetTextAsync("/apis"))!;
        var eventsV1 = JsonNode.Parse(await GetTextAsync("/apis/events.k8s.io/v1"))!;

        var events = core["resources"]!.AsArray().Single(r => (string?)r!["name"] == "events")!;
        Assert.Equal(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], events["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("events.k8s.io", groups["groups"]!.AsArray().Select(g => (string?)g!["name"]));
        Assert.True((bool?)eventsV1["resources"]![0]!["namespaced"]);
    }

    [Fact]
    public async Task Namespace_WithAFinalizer_StaysTerminating_UntilAPatchRemovesIt()
    {
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"held","finalizers":["example.com/hold"]}}""");

        await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/held", null);
        var terminating = await WaitForAsync("/api/v1/namespaces/held", ns => ns?["spec"]?["finalizers"]?.AsArray().Count == 0);
        await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        using var gone = await Http.GetAsync(new Uri("/api/v1/namespaces/held", UriKind.Relative));

        Assert.Equal("Terminating", (string?)terminating!["status"]!["phase"]);
        Assert.NotNull(terminating["metadata"]!["deletionTimestamp"]);
        Assert.Equal(404, (int)gone.StatusCode);
    }

    [Fact]
    public async Task Pod_WithoutApiVersionAndKind_IsCreated_AndADryRunOfItsNameIsAConflict()
    {
        const string Pod = """{"metadata":{"name":"bare"},"spec":{"containers":[{"name":"app","image":"busybox","command":["sleep","100"]}]}}""";
        var created = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod);
        using var dryRun = await Http.PostAsync(new Uri("/api/v1/namespaces/default/pods?dryRun=All", UriKind.Relative), new StringContent(Pod, Encoding.UTF8, "application/json"));

        Assert.Equal(("Pod", "v1"), ((string?)created["kind"], (string?)created["apiVersion"]));
        Assert.Equal(409, (int)dryRun.StatusCode);
    }

    [Fact]
    public async Task YamlBodies_AreDecodedAsYaml()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", "metadata:\n  name: from-yaml\n  labels:\n    team: a\n", "application/yaml");

        Assert.Equal(("from-yaml", "a"), ((string?)created["metadata"]!["name"], (string?)created["metadata"]!["labels"]!["team"]));
    }

    private static string Event(string name) =>
        $$"""{"metadata":{"name":"{{name}}"},"involvedObject":{"kind":"Pod","name":"web","namespace":"default"},"reason":"Testing","message":"from a test","type":"Normal","count":1}""";

    private async Task<string> GetTextAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<JsonNode?> WaitForAsync(string path, Func<JsonNode?, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var node = JsonNode.Parse(await GetTextAsync(path));
            if (condition(node))
            {
                return node;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, timeout.Token);
        }
    }
}
