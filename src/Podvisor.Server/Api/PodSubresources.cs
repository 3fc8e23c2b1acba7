using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Exec;
using Podvisor.Server.Logs;
using Podvisor.Server.Patch;
using Podvisor.Server.Store;

namespace Podvisor.Server.Api;

/// <summary>PATCH (four content types), <c>pods/log</c> and <c>pods/exec</c>.</summary>
internal sealed class PodSubresources(ObjectStore store, PodService pods, PodLogs logs, PodExec exec, PodAttach attach, TimeProvider time)
{
    private static readonly string[] PatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    public Task LogAsync(HttpContext context, string ns, string name) => logs.ServeAsync(context, ns, name);

    public Task ExecAsync(HttpContext context, string ns, string name) => exec.ServeAsync(context, ns, name);

    public Task AttachAsync(HttpContext context, string ns, string name) => attach.ServeAsync(context, ns, name);

    public async Task PatchAsync(HttpContext context, string ns, string name, bool status)
    {
        var contentType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
        if (!PatchTypes.Contains(contentType))
        {
            throw ApiStatus.UnsupportedMediaType(contentType, PatchTypes);
        }

        var body = await HttpJson.ReadBodyAsync(context).ConfigureAwait(false);
        var fieldValidation = HttpJson.Query(context, "fieldValidation");
        var warnings = new List<string>();
        if (contentType == "application/apply-patch+yaml")
        {
            await ApplyAsync(context, ns, name, body, fieldValidation, warnings).ConfigureAwait(false);
            return;
        }

        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw ApiStatus.BadRequest($"error decoding patch: {e.Message}");
        }

        Func<JsonObject, JsonObject> change = contentType switch
        {
            "application/json-patch+json" => current => JsonPatch.Apply(current, patch as JsonArray ?? throw ApiStatus.BadRequest("json patch must be an array")) as JsonObject
                ?? throw ApiStatus.BadRequest("the patched object is not a JSON object"),
            "application/merge-patch+json" => current => JsonMergePatch.Apply(current, patch) as JsonObject
                ?? throw ApiStatus.BadRequest("the patched object is not a JSON object"),
            _ => current => StrategicMergePatch.Apply(current, patch as JsonObject ?? throw ApiStatus.BadRequest("strategic merge patch must be a JSON object")),
        };
        var strict = WithStrictCheck(change, fieldValidation, warnings);
        var dryRun = ApiRoutes.DryRun(context);
        var updated = status ? pods.UpdateStatus(ns, name, strict, dryRun) : pods.Update(ns, name, strict, warnings, dryRun);
        HttpJson.AddWarnings(context, warnings);
        await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
    }

    /// <summary>
    /// Server-side apply (<see cref="ServerSideApply"/>): creates the object when absent (201), else applies the
    /// configuration with field ownership (200, or 409 on a conflict with another manager unless forced).
    /// </summary>
    private async Task ApplyAsync(HttpContext context, string ns, string name, string body, string? fieldValidation, List<string> warnings)
    {
        var manager = HttpJson.Query(context, "fieldManager");
        if (string.IsNullOrEmpty(manager))
        {
            throw ApiStatus.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var force = HttpJson.QueryFlag(context, "force");
        var pod = PodDecoder.Decode(body, fieldValidation ?? "Strict", warnings);
        if (pod.Metadata?.Name is { Length: > 0 } bodyName && bodyName != name)
        {
            throw ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        pod.Metadata ??= new V1ObjectMeta();
        pod.Metadata.Name = name;
        var applied = JsonNode.Parse(ModelSerializer.Serialize(pod))!.AsObject();
        if (store.Get(ResourceKind.Pods, ns, name) is null)
        {
            var created = pods.Create(ns, pod, ApiRoutes.DryRun(context), warnings, json => ServerSideApply.Own(json, applied, manager, time.GetUtcNow()));
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 201, created).ConfigureAwait(false);
            return;
        }

        var updated = pods.Update(ns, name, current => ServerSideApply.Apply(current, applied, manager, force, name, time.GetUtcNow()), warnings, ApiRoutes.DryRun(context));
        HttpJson.AddWarnings(context, warnings);
        await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
    }

    /// <summary>With <c>fieldValidation=Strict</c>, unknown fields a patch introduces are refused, not dropped.</summary>
    private static Func<JsonObject, JsonObject> WithStrictCheck(Func<JsonObject, JsonObject> change, string? fieldValidation, List<string> warnings) =>
        current =>
        {
            var patched = change(current);
            if (fieldValidation is "Strict" or "Warn")
            {
                PodDecoder.Decode(patched.ToJsonString(), fieldValidation, warnings);
            }

            return patched;
        };
}
