using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Server.Tests.Api;

/// <summary>
/// Lists and watches in the stored format are written from the stored JSON text, not from a parsed copy: the bytes
/// must be exactly those the serializer gives for the object, whichever path wrote them.
/// </summary>
#pragma warning disable CA1001 // IAsyncLifetime.DisposeAsync disposes it; xunit calls it even when a test fails.
public sealed class StoredWireTests : IAsyncLifetime
#pragma warning restore CA1001
{
    /// <summary>Text the serializer escapes (non-ASCII, HTML-sensitive characters, quotes) and a number with its own text.</summary>
    private const string Awkward = "caf\u00e9 <b> & \\\"q\\\" +1 \u2713";

    private InProcessServer _server = null!;

    private HttpClient Http => _server.Client;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task List_LatestState_IsByteForByteTheListReadAtItsVersion()
    {
        foreach (var name in new[] { "b", "a", "c" })
        {
            await PostEventAsync(name, name == "c" ? "other" : "web");
        }

        var latest = await GetTextAsync("/api/v1/namespaces/default/events");
        var rv = (string?)JsonNode.Parse(latest)!["metadata"]!["resourceVersion"];
        var exact = await GetTextAsync($"/api/v1/namespaces/default/events?resourceVersion={rv}&resourceVersionMatch=Exact");

        Assert.Equal(exact, latest);
        Assert.Equal(JsonNode.Parse(latest)!.ToJsonString(), latest);
        Assert.Equal(["a", "b", "c"], JsonNode.Parse(latest)!["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Equal(Awkward.Replace("\\\"", "\"", StringComparison.Ordinal), (string?)JsonNode.Parse(latest)!["items"]![0]!["message"]);
    }

    [Fact]
    public async Task List_WithSelectorsAndLimit_PagesTheMatchingRows()
    {
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await PostEventAsync(name, name == "c" ? "other" : "web");
        }

        var first = await GetTextAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb&limit=2");
        var page = JsonNode.Parse(first)!;
        var token = (string?)page["metadata"]!["continue"];
        var second = JsonNode.Parse(await GetTextAsync($"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb&limit=2&continue={token}"))!;
        var empty = JsonNode.Parse(await GetTextAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dnobody"))!;

        Assert.Equal(page.ToJsonString(), first);
        Assert.Equal(["a", "b"], page["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Null(page["metadata"]!["remainingItemCount"]);
        Assert.Equal(["d"], second["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Empty(empty["items"]!.AsArray());
    }

    [Fact]
    public async Task Watch_FromAVersion_SendsEachChangeAsTheSerializerWritesIt_AndSelectorsSeeItStopMatching()
    {
        var rv = (string?)JsonNode.Parse(await GetTextAsync("/api/v1/namespaces/default/events"))!["metadata"]!["resourceVersion"];
        await PostEventAsync("a", "web");
        await PostEventAsync("b", "other");
        using var moved = new StringContent("""{"involvedObject":{"name":"elsewhere"}}""", Encoding.UTF8, "application/merge-patch+json");
        using (var patched = await Http.PatchAsync(new Uri("/api/v1/namespaces/default/events/a", UriKind.Relative), moved))
        {
            Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        }

        var all = Lines(await GetTextAsync($"/api/v1/namespaces/default/events?watch=true&resourceVersion={rv}&timeoutSeconds=1"));
        var selected = Lines(await GetTextAsync($"/api/v1/namespaces/default/events?watch=true&resourceVersion={rv}&timeoutSeconds=1&fieldSelector=involvedObject.name%3Dweb"));

        Assert.All(all.Concat(selected), line => Assert.Equal(JsonNode.Parse(line)!.ToJsonString(), line));
        Assert.Equal([("ADDED", "a"), ("ADDED", "b"), ("MODIFIED", "a")], all.Select(Summary));
        Assert.Equal([("ADDED", "a"), ("DELETED", "a")], selected.Select(Summary));
        Assert.Equal(Awkward.Replace("\\\"", "\"", StringComparison.Ordinal), (string?)JsonNode.Parse(all[0])!["object"]!["message"]);
    }

    private static List<string> Lines(string body) => [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static (string?, string?) Summary(string line)
    {
        var node = JsonNode.Parse(line)!;
        return ((string?)node["type"], (string?)node["object"]!["metadata"]!["name"]);
    }

    private async Task PostEventAsync(string name, string involved)
    {
        var body = $$"""{"metadata":{"name":"{{name}}"},"involvedObject":{"kind":"Pod","name":"{{involved}}","namespace":"default"},"reason":"Testing","message":"{{Awkward}}","type":"Normal","count":1.50}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri("/api/v1/namespaces/default/events", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> GetTextAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }
}
