using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Apps;

/// <summary>
/// The <c>/apis/apps/v1</c> URL space: deployments and replicasets with list/watch, create, get, update, patch,
/// delete, and their <c>status</c> and <c>scale</c> subresources.
/// </summary>
internal sealed class AppsRoutes(ObjectStore store, ResourceReader reader, AppsService apps)
{
    private const string Root = "/apis/" + AppsGroup.ApiVersion;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Root, context => HttpJson.WriteAsync(context, 200, AppsDiscovery.ResourceList()));
        MapKind(app, ResourceKind.Deployments);
        MapKind(app, ResourceKind.ReplicaSets);
    }

    private void MapKind(IEndpointRouteBuilder app, ResourceKind kind)
    {
        var format = AppsGroup.FormatOf(kind);
        var collection = $"{Root}/namespaces/{{ns}}/{kind.Resource}";
        var item = collection + "/{name}";
        app.MapGet($"{Root}/{kind.Resource}", context => reader.ListAsync(context, kind, format, null));
        app.MapGet(collection, context => reader.ListAsync(context, kind, format, Ns(context)));
        app.MapPost(collection, async context =>
        {
            var warnings = new List<string>();
            var body = await ReadAsync(context, format).ConfigureAwait(false);
            var created = apps.Create(kind, Ns(context), body, HttpJson.Query(context, "fieldValidation"), ApiRoutes.DryRun(context), warnings);
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 201, created).ConfigureAwait(false);
        });
        app.MapGet(item, async context =>
        {
            Existing(kind, context);
            await reader.GetAsync(context, kind, format, Ns(context), Name(context)).ConfigureAwait(false);
        });
        app.MapPut(item, async context =>
        {
            var warnings = new List<string>();
            var body = await ReadAsync(context, format).ConfigureAwait(false);
            Existing(kind, context);
            var updated = apps.Update(kind, Ns(context), Name(context), _ => body, HttpJson.Query(context, "fieldValidation"), ApiRoutes.DryRun(context), warnings);
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
        });
        app.MapPatch(item, async context =>
        {
            var warnings = new List<string>();
            var change = Patch.PatchDocument.Parse(context.Request.ContentType, await HttpJson.ReadBodyAsync(context).ConfigureAwait(false));
            Existing(kind, context);
            var updated = apps.Update(kind, Ns(context), Name(context), change, HttpJson.Query(context, "fieldValidation"), ApiRoutes.DryRun(context), warnings);
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
        });
        app.MapDelete(item, async context =>
        {
            var options = DeleteOptions.Parse(await HttpJson.ReadObjectAsync(context).ConfigureAwait(false), context.Request.Query);
            await HttpJson.WriteAsync(context, 200, apps.Delete(kind, Ns(context), Name(context), options)).ConfigureAwait(false);
        });

        app.MapGet(item + "/status", async context =>
        {
            Existing(kind, context);
            await reader.GetAsync(context, kind, format, Ns(context), Name(context)).ConfigureAwait(false);
        });
        app.MapPut(item + "/status", async context =>
        {
            var body = await ReadAsync(context, format).ConfigureAwait(false);
            Existing(kind, context);
            await HttpJson.WriteAsync(context, 200, apps.UpdateStatus(kind, Ns(context), Name(context), _ => body, ApiRoutes.DryRun(context))).ConfigureAwait(false);
        });
        app.MapPatch(item + "/status", async context =>
        {
            var change = Patch.PatchDocument.Parse(context.Request.ContentType, await HttpJson.ReadBodyAsync(context).ConfigureAwait(false));
            Existing(kind, context);
            await HttpJson.WriteAsync(context, 200, apps.UpdateStatus(kind, Ns(context), Name(context), change, ApiRoutes.DryRun(context))).ConfigureAwait(false);
        });

        app.MapGet(item + "/scale", context => HttpJson.WriteAsync(context, 200, apps.GetScale(kind, Ns(context), Name(context))));
        app.MapPut(item + "/scale", async context =>
        {
            var body = await HttpJson.ReadObjectAsync(context).ConfigureAwait(false) ?? throw ApiStatus.BadRequest("empty body");
            await HttpJson.WriteAsync(context, 200, apps.UpdateScale(kind, Ns(context), Name(context), _ => body, ApiRoutes.DryRun(context))).ConfigureAwait(false);
        });
        app.MapPatch(item + "/scale", async context =>
        {
            var change = Patch.PatchDocument.Parse(context.Request.ContentType, await HttpJson.ReadBodyAsync(context).ConfigureAwait(false));
            await HttpJson.WriteAsync(context, 200, apps.UpdateScale(kind, Ns(context), Name(context), change, ApiRoutes.DryRun(context))).ConfigureAwait(false);
        });
    }

    /// <summary>404 in the apiserver's words for a group resource (<c>deployments.apps "web" not found</c>).</summary>
    private void Existing(ResourceKind kind, HttpContext context)
    {
        if (store.Get(kind, Ns(context), Name(context)) is null)
        {
            throw ApiStatus.NotFound(AppsGroup.Qualified(kind), Name(context));
        }
    }

    private static async Task<JsonObject> ReadAsync(HttpContext context, WireFormat format)
    {
        var body = format.Kind == "Deployment" && context.Request.ContentType?.StartsWith(ProtobufNamespace.ContentType, StringComparison.Ordinal) == true
            ? ProtobufWorkload.DecodeDeployment(await ReadBytesAsync(context).ConfigureAwait(false))
            : await HttpJson.ReadObjectAsync(context).ConfigureAwait(false) ?? throw ApiStatus.BadRequest("empty body");
        body["apiVersion"] ??= format.ApiVersion;
        body["kind"] ??= format.Kind;
        MetadataShape.Check(body, format.ApiVersion, format.Kind);
        return body;
    }

    private static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static string Ns(HttpContext context) => (string)context.Request.RouteValues["ns"]!;

    private static string Name(HttpContext context) => (string)context.Request.RouteValues["name"]!;
}
