using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Podvisor.Server.Store;
using static Podvisor.Server.Api.RequestParts;

namespace Podvisor.Server.Api;

/// <summary>
/// <c>/api/v1/configmaps</c> and <c>/api/v1/secrets</c>: list, watch, get, create, update, patch, delete and
/// deletecollection through the generic registry, each write passing <see cref="ConfigObjectRules"/> first.
/// </summary>
internal sealed class ConfigObjectRoutes(ResourceReader reader, ObjectService objects)
{
    public void Map(IEndpointRouteBuilder app)
    {
        Map(app, ResourceKind.ConfigMaps);
        Map(app, ResourceKind.Secrets);
    }

    private void Map(IEndpointRouteBuilder app, ResourceKind kind)
    {
        var format = WireFormat.Core(kind);
        var collection = $"/api/v1/namespaces/{{ns}}/{kind.Resource}";
        var item = collection + "/{name}";
        app.MapGet($"/api/v1/{kind.Resource}", context => reader.ListAsync(context, kind, null));
        app.MapGet(collection, context => reader.ListAsync(context, kind, Ns(context)));
        app.MapGet(item, context => reader.GetAsync(context, kind, Ns(context), Name(context)));
        app.MapPost(collection, async context =>
        {
            var typed = IsProtobuf(context)
                ? ProtobufConfigObject.Decode(kind, await ReadBytesAsync(context).ConfigureAwait(false))
                : await ReadTypedObjectAsync(context, format.ApiVersion, format.Kind).ConfigureAwait(false);
            var body = ConfigObjectRules.Prepare(kind, typed, old: null);
            await HttpJson.WriteAsync(context, 201, objects.Create(kind, format, Ns(context), body, ApiRoutes.DryRun(context))).ConfigureAwait(false);
        });
        app.MapPut(item, async context =>
        {
            var body = await ReadTypedObjectAsync(context, format.ApiVersion, format.Kind).ConfigureAwait(false);
            var updated = objects.Update(kind, format, Ns(context), Name(context), current => ConfigObjectRules.Prepare(kind, body.DeepClone().AsObject(), current), ApiRoutes.DryRun(context));
            await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
        });
        app.MapPatch(item, async context =>
        {
            var change = Patch.PatchDocument.Parse(context.Request.ContentType, await HttpJson.ReadBodyAsync(context).ConfigureAwait(false));
            var updated = objects.Update(kind, format, Ns(context), Name(context), current => ConfigObjectRules.Prepare(kind, change(current.DeepClone().AsObject()), current), ApiRoutes.DryRun(context));
            await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
        });
        app.MapDelete(item, async context =>
        {
            var options = DeleteOptions.Parse(await HttpJson.ReadObjectAsync(context).ConfigureAwait(false), context.Request.Query);
            await HttpJson.WriteAsync(context, 200, objects.Delete(kind, Ns(context), Name(context), options)).ConfigureAwait(false);
        });
        app.MapDelete(collection, async context =>
        {
            var options = DeleteOptions.Parse(await HttpJson.ReadObjectAsync(context).ConfigureAwait(false), context.Request.Query);
            var labels = Selectors.LabelSelector.Parse(HttpJson.Query(context, "labelSelector"));
            var fields = Selectors.FieldSelector.Parse(HttpJson.Query(context, "fieldSelector"), kind);
            await HttpJson.WriteAsync(context, 200, objects.DeleteCollection(kind, format, Ns(context), labels, fields, options)).ConfigureAwait(false);
        });
    }
}
