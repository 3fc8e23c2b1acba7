using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Podvisor.Cli.Workloads;

/// <summary>
/// The few API calls <c>run</c> makes to its in-process server, over the same HTTPS routes kubectl uses, so an
/// object is defaulted, validated and refused exactly as <c>kubectl create -f</c> would see it.
/// </summary>
internal sealed class WorkloadClient(HttpClient http) : IDisposable
{
    /// <summary>Creates the object (or only checks it with <c>dryRun=All</c>); returns kubectl's error line, or null.</summary>
    public async Task<string?> CreateAsync(WorkloadDocument document, bool dryRun, CancellationToken cancellationToken)
    {
        using var content = new StringContent(document.Yaml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        var path = document.CollectionPath + (dryRun ? "?dryRun=All&fieldValidation=Strict" : "?fieldValidation=Strict");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var status = await ReadObjectAsync(response, cancellationToken).ConfigureAwait(false);
        // kubectl create -f's words for a refused object.
        var reason = (string?)status?["reason"] is { Length: > 0 } r ? r : "Unknown";
        var message = (string?)status?["message"] ?? $"HTTP {(int)response.StatusCode}";
        return $"Error from server ({reason}): error when creating \"{document.Origin}\": {message}";
    }

    public async Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var body = await ReadObjectAsync(response, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode && body is not null
            ? body
            : throw new InvalidOperationException($"GET {path}: {(string?)body?["message"] ?? response.StatusCode.ToString()}");
    }

    /// <summary>A strategic merge patch, as <c>kubectl patch</c> and <c>kubectl rollout restart</c> send.</summary>
    public async Task PatchAsync(string path, string strategicMergePatch, CancellationToken cancellationToken)
    {
        using var content = new StringContent(strategicMergePatch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/strategic-merge-patch+json");
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(path, UriKind.Relative)) { Content = content };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await ReadObjectAsync(response, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"PATCH {path}: {(string?)body?["message"] ?? response.StatusCode.ToString()}");
        }
    }

    public void Dispose() => http.Dispose();

    private static async Task<JsonObject?> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
