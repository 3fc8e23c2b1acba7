using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Podvisor.Server.Api;
using Podvisor.Server.Store;
using static Podvisor.Server.Api.RequestParts;

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

    /// <summary>kubectl's typed clients post a Deployment as protobuf; other bodies are JSON.</summary>
    private static Task<JsonObject> ReadAsync(HttpContext context, WireFormat format) =>
        ReadTypedObjectAsync(context, format.ApiVersion, format.Kind, format.Kind == "Deployment" ? ProtobufWorkload.DecodeDeployment : null);
}
