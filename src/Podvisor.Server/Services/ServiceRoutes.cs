using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Podvisor.Server.Api;
using static Podvisor.Server.Api.RequestParts;

namespace Podvisor.Server.Services;

/// <summary>
/// Core v1 <c>services</c> (list/watch, create, get, update, patch, delete, <c>status</c>) and the read side of
/// <c>/apis/discovery.k8s.io/v1</c> <c>endpointslices</c> (list/watch, get): the slices belong to the controller.
/// </summary>
internal sealed class ServiceRoutes(ResourceReader reader, ServiceRegistry services)
{
    public void Map(IEndpointRouteBuilder app)
    {
        var kind = ServiceKinds.Services;
        var format = ServiceKinds.ServiceFormat;
        const string Collection = "/api/v1/namespaces/{ns}/services";
        const string Item = Collection + "/{name}";
        app.MapGet("/api/v1/services", context => reader.ListAsync(context, kind, format, null));
        app.MapGet(Collection, context => reader.ListAsync(context, kind, format, Ns(context)));
        app.MapPost(Collection, async context =>
        {
            var warnings = new List<string>();
            var body = await ReadAsync(context).ConfigureAwait(false);
            var created = services.Create(Ns(context), body, HttpJson.Query(context, "fieldValidation"), ApiRoutes.DryRun(context), warnings);
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 201, created).ConfigureAwait(false);
        });
        app.MapGet(Item, context => reader.GetAsync(context, kind, format, Ns(context), Name(context)));
        app.MapPut(Item, async context =>
        {
            var warnings = new List<string>();
            var body = await ReadAsync(context).ConfigureAwait(false);
            var updated = services.Update(Ns(context), Name(context), _ => body, HttpJson.Query(context, "fieldValidation"), ApiRoutes.DryRun(context), warnings);
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
        });
        app.MapPatch(Item, async context =>
        {
            var warnings = new List<string>();
            var change = Patch.PatchDocument.Parse(context.Request.ContentType, await HttpJson.ReadBodyAsync(context).ConfigureAwait(false));
            var updated = services.Update(Ns(context), Name(context), change, HttpJson.Query(context, "fieldValidation"), ApiRoutes.DryRun(context), warnings);
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
        });
        app.MapDelete(Item, async context =>
        {
            var options = DeleteOptions.Parse(await HttpJson.ReadObjectAsync(context).ConfigureAwait(false), context.Request.Query);
            await HttpJson.WriteAsync(context, 200, services.Delete(Ns(context), Name(context), options)).ConfigureAwait(false);
        });
        app.MapGet(Item + "/status", context => reader.GetAsync(context, kind, format, Ns(context), Name(context)));
        app.MapPut(Item + "/status", async context =>
        {
            var body = await ReadAsync(context).ConfigureAwait(false);
            await HttpJson.WriteAsync(context, 200, services.UpdateStatus(Ns(context), Name(context), _ => body, ApiRoutes.DryRun(context))).ConfigureAwait(false);
        });
        app.MapPatch(Item + "/status", async context =>
        {
            var change = Patch.PatchDocument.Parse(context.Request.ContentType, await HttpJson.ReadBodyAsync(context).ConfigureAwait(false));
            await HttpJson.WriteAsync(context, 200, services.UpdateStatus(Ns(context), Name(context), change, ApiRoutes.DryRun(context))).ConfigureAwait(false);
        });

        var slices = ServiceKinds.EndpointSlices;
        var sliceFormat = ServiceKinds.EndpointSliceFormat;
        const string Root = "/apis/" + ServiceKinds.DiscoveryApiVersion;
        app.MapGet(Root, context => HttpJson.WriteAsync(context, 200, ServiceDiscovery.ResourceList()));
        app.MapGet(Root + "/endpointslices", context => reader.ListAsync(context, slices, sliceFormat, null));
        app.MapGet(Root + "/namespaces/{ns}/endpointslices", context => reader.ListAsync(context, slices, sliceFormat, Ns(context)));
        app.MapGet(Root + "/namespaces/{ns}/endpointslices/{name}", context => reader.GetAsync(context, slices, sliceFormat, Ns(context), Name(context)));
    }

    /// <summary>kubectl create service and kubectl expose post protobuf, as its typed clients do for built-in kinds.</summary>
    private static Task<JsonObject> ReadAsync(HttpContext context) =>
        ReadTypedObjectAsync(context, "v1", "Service", Apps.ProtobufWorkload.DecodeService);
}
