using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Store;
using static Podvisor.Server.Api.RequestParts;

namespace Podvisor.Server.Api;

/// <summary>The URL space of the core/v1 API this server answers, mapped onto the services.</summary>
internal sealed class ApiRoutes(ResourceReader reader, PodService pods, NamespaceService namespaces, ObjectService objects, PodSubresources subresources, TimeProvider time, Apps.AppsRoutes? apps = null, Services.ServiceRoutes? services = null)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/version", context =>
        {
            // The gcloud dispatcher caches /version; a stale answer could pick another kubectl after a restart.
            context.Response.Headers.CacheControl = "no-cache, private";
            return HttpJson.WriteAsync(context, 200, Discovery.Version());
        });
        app.MapGet("/api", context => Accepts(context, "as=APIGroupDiscoveryList")
            ? HttpJson.WriteAsync(context, 200, Discovery.Aggregated(), Discovery.AggregatedContentType)
            : HttpJson.WriteAsync(context, 200, Discovery.LegacyVersions($"{context.Request.Host}")));
        app.MapGet("/apis", context => Accepts(context, "as=APIGroupDiscoveryList")
            ? HttpJson.WriteAsync(context, 200, Discovery.AggregatedGroups(), Discovery.AggregatedContentType)
            : HttpJson.WriteAsync(context, 200, Discovery.LegacyGroups()));
        app.MapGet("/api/v1", context => HttpJson.WriteAsync(context, 200, Discovery.LegacyResources()));
        foreach (var group in new[] { "authorization.k8s.io", "authentication.k8s.io", EventsV1.Group })
        {
            app.MapGet($"/apis/{group}/v1", context => HttpJson.WriteAsync(context, 200, Discovery.LegacyGroupResources(group)));
        }

        app.MapPost("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", async context =>
        {
            var body = context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
                ? await HttpJson.ReadObjectAsync(context).ConfigureAwait(false)
                : null;
            await HttpJson.WriteAsync(context, 201, SelfReviews.AccessReview(body)).ConfigureAwait(false);
        });
        app.MapPost("/apis/authentication.k8s.io/v1/selfsubjectreviews", context => HttpJson.WriteAsync(context, 201, SelfReviews.SubjectReview()));
        app.MapGet("/openapi/v2", async context =>
        {
            if (Accepts(context, OpenApiV2.ProtobufContentType))
            {
                // kube-openapi answers the protobuf form as octet-stream: Go's mime parser rejects the '@' in its name.
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(OpenApiV2.Protobuf(), context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await HttpJson.WriteAsync(context, 200, OpenApiV2.Json()).ConfigureAwait(false);
        });
        app.MapGet("/openapi/v3", context => HttpJson.WriteAsync(context, 200, Discovery.OpenApiIndex()));
        app.MapGet("/openapi/v3/api/v1", context => HttpJson.WriteAsync(context, 200, Discovery.OpenApiCoreV1()));
        foreach (var probe in new[] { "/healthz", "/livez", "/readyz" })
        {
            app.MapGet(probe, context => context.Response.WriteAsync("ok"));
        }

        MapPods(app);
        apps?.Map(app);
        MapEvents(app, "/api/v1", WireFormat.Core(ResourceKind.Events));
        MapEvents(app, $"/apis/{EventsV1.ApiVersion}", WireFormat.EventsV1);
        MapReadOnly(app, ResourceKind.Nodes);
        MapNamespaces(app);
        new ConfigObjectRoutes(reader, objects).Map(app);
        services?.Map(app);
    }

    private void MapPods(IEndpointRouteBuilder app)
    {
        var kind = ResourceKind.Pods;
        const string Collection = "/api/v1/namespaces/{ns}/pods";
        const string Item = Collection + "/{name}";
        app.MapGet("/api/v1/pods", context => reader.ListAsync(context, kind, null));
        app.MapGet(Collection, context => reader.ListAsync(context, kind, Ns(context)));
        app.MapPost(Collection, async context =>
        {
            var warnings = new List<string>();
            var body = TypeMetaDefaults.Apply(await HttpJson.ReadBodyAsync(context).ConfigureAwait(false), "v1", "Pod");
            var created = pods.Create(Ns(context), body, HttpJson.Query(context, "fieldValidation"), DryRun(context), warnings);
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 201, created).ConfigureAwait(false);
        });
        app.MapGet(Item, context => reader.GetAsync(context, kind, Ns(context), Name(context)));
        app.MapPut(Item, async context =>
        {
            var warnings = new List<string>();
            var body = TypeMetaDefaults.Apply(await HttpJson.ReadBodyAsync(context).ConfigureAwait(false), "v1", "Pod");
            var desired = PodDecoder.Decode(body, HttpJson.Query(context, "fieldValidation"), warnings);
            var desiredJson = JsonNode.Parse(ModelSerializer.Serialize(desired))!.AsObject();
            CheckBodyName(desiredJson, Name(context));
            var updated = pods.Update(Ns(context), Name(context), _ => desiredJson, warnings, DryRun(context));
            HttpJson.AddWarnings(context, warnings);
            await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
        });
        app.MapPatch(Item, context => subresources.PatchAsync(context, Ns(context), Name(context), status: false));
        app.MapDelete(Item, async context =>
        {
            var options = DeleteOptions.Parse(await HttpJson.ReadObjectAsync(context).ConfigureAwait(false), context.Request.Query);
            var result = pods.Delete(Ns(context), Name(context), options, options.DryRun);
            await HttpJson.WriteAsync(context, 200, result).ConfigureAwait(false);
        });
        app.MapGet(Item + "/status", context => reader.GetAsync(context, kind, Ns(context), Name(context)));
        app.MapPut(Item + "/status", async context =>
        {
            var body = await HttpJson.ReadObjectAsync(context).ConfigureAwait(false) ?? throw ApiStatus.BadRequest("empty body");
            CheckBodyName(body, Name(context));
            var updated = pods.UpdateStatus(Ns(context), Name(context), _ => body, DryRun(context));
            await HttpJson.WriteAsync(context, 200, updated).ConfigureAwait(false);
        });
        app.MapPatch(Item + "/status", context => subresources.PatchAsync(context, Ns(context), Name(context), status: true));
        app.MapGet(Item + "/log", context => subresources.LogAsync(context, Ns(context), Name(context)));
        app.MapMethods(Item + "/exec", ["GET", "POST"], context => subresources.ExecAsync(context, Ns(context), Name(context)));
        app.MapMethods(Item + "/attach", ["GET", "POST"], context => subresources.AttachAsync(context, Ns(context), Name(context)));
    }

    private void MapReadOnly(IEndpointRouteBuilder app, ResourceKind kind)
    {
        if (kind.Namespaced)
        {
            app.MapGet($"/api/v1/{kind.Resource}", context => reader.ListAsync(context, kind, null));
            app.MapGet($"/api/v1/namespaces/{{ns}}/{kind.Resource}", context => reader.ListAsync(context, kind, Ns(context)));
            app.MapGet($"/api/v1/namespaces/{{ns}}/{kind.Resource}/{{name}}", context => reader.GetAsync(context, kind, Ns(context), Name(context)));
        }
        else
        {
            app.MapGet($"/api/v1/{kind.Resource}", context => reader.ListAsync(context, kind, null));
            app.MapGet($"/api/v1/{kind.Resource}/{{name}}", context => reader.GetAsync(context, kind, string.Empty, Name(context)));
        }
    }

    /// <summary>Events: fully writable, as every controller's event recorder needs (core v1 and events.k8s.io/v1).</summary>
    private void MapEvents(IEndpointRouteBuilder app, string root, WireFormat format)
    {
        var kind = ResourceKind.Events;
        var collection = root + "/namespaces/{ns}/events";
        var item = collection + "/{name}";
        app.MapGet(root + "/events", context => reader.ListAsync(context, kind, format, null));
        app.MapGet(collection, context => reader.ListAsync(context, kind, format, Ns(context)));
        app.MapPost(collection, async context =>
        {
            var body = await ReadTypedObjectAsync(context, format.ApiVersion, format.Kind).ConfigureAwait(false);
            await HttpJson.WriteAsync(context, 201, format.FromStored(objects.Create(kind, format, Ns(context), body, DryRun(context)))).ConfigureAwait(false);
        });
        app.MapDelete(collection, async context =>
        {
            var options = DeleteOptions.Parse(await HttpJson.ReadObjectAsync(context).ConfigureAwait(false), context.Request.Query);
            var labels = Selectors.LabelSelector.Parse(HttpJson.Query(context, "labelSelector"));
            var fields = Selectors.FieldSelector.Parse(HttpJson.Query(context, "fieldSelector"), kind);
            await HttpJson.WriteAsync(context, 200, objects.DeleteCollection(kind, format, Ns(context), labels, fields, options)).ConfigureAwait(false);
        });
        app.MapGet(item, context => reader.GetAsync(context, kind, format, Ns(context), Name(context)));
        MapWrites(app, item, kind, format);
    }

    /// <summary>PUT, PATCH and DELETE of one object through the generic registry.</summary>
    private void MapWrites(IEndpointRouteBuilder app, string item, ResourceKind kind, WireFormat format)
    {
        string NsOf(HttpContext context) => kind.Namespaced ? Ns(context) : string.Empty;
        app.MapPut(item, async context =>
        {
            var body = await ReadTypedObjectAsync(context, format.ApiVersion, format.Kind).ConfigureAwait(false);
            var updated = objects.Update(kind, format, NsOf(context), Name(context), _ => body, DryRun(context));
            await HttpJson.WriteAsync(context, 200, format.FromStored(updated)).ConfigureAwait(false);
        });
        app.MapPatch(item, async context =>
        {
            var change = Patch.PatchDocument.Parse(context.Request.ContentType, await HttpJson.ReadBodyAsync(context).ConfigureAwait(false));
            var updated = objects.Update(kind, format, NsOf(context), Name(context), change, DryRun(context));
            await HttpJson.WriteAsync(context, 200, format.FromStored(updated)).ConfigureAwait(false);
        });
        app.MapDelete(item, async context =>
        {
            var options = DeleteOptions.Parse(await HttpJson.ReadObjectAsync(context).ConfigureAwait(false), context.Request.Query);
            var result = objects.Delete(kind, NsOf(context), Name(context), options);
            await HttpJson.WriteAsync(context, 200, (string?)result["kind"] == "Status" ? result : format.FromStored(result)).ConfigureAwait(false);
        });
    }

    private void MapNamespaces(IEndpointRouteBuilder app)
    {
        MapReadOnly(app, ResourceKind.Namespaces);
        app.MapPost("/api/v1/namespaces", async context =>
        {
            var body = IsProtobuf(context)
                ? ProtobufNamespace.Decode(await ReadBytesAsync(context).ConfigureAwait(false))
                : await HttpJson.ReadObjectAsync(context).ConfigureAwait(false) ?? throw ApiStatus.BadRequest("empty body");
            MetadataShape.Check(body, "v1", "Namespace");
            await HttpJson.WriteAsync(context, 201, namespaces.Create(body, DryRun(context))).ConfigureAwait(false);
        });
        var nsFormat = WireFormat.Core(ResourceKind.Namespaces);
        app.MapPut("/api/v1/namespaces/{name}", async context =>
        {
            var body = await ReadTypedObjectAsync(context, nsFormat.ApiVersion, nsFormat.Kind).ConfigureAwait(false);
            await HttpJson.WriteAsync(context, 200, objects.Update(ResourceKind.Namespaces, nsFormat, string.Empty, Name(context), _ => body, DryRun(context))).ConfigureAwait(false);
        });
        app.MapPatch("/api/v1/namespaces/{name}", async context =>
        {
            var change = Patch.PatchDocument.Parse(context.Request.ContentType, await HttpJson.ReadBodyAsync(context).ConfigureAwait(false));
            await HttpJson.WriteAsync(context, 200, objects.Update(ResourceKind.Namespaces, nsFormat, string.Empty, Name(context), change, DryRun(context))).ConfigureAwait(false);
        });
        app.MapDelete("/api/v1/namespaces/{name}", async context =>
        {
            await HttpJson.ReadObjectAsync(context).ConfigureAwait(false);
            await HttpJson.WriteAsync(context, 200, namespaces.Delete(Name(context), time)).ConfigureAwait(false);
        });
    }

    private static void CheckBodyName(JsonObject body, string name)
    {
        var bodyName = ObjectMetadata.Name(body);
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
    }

    private static bool Accepts(HttpContext context, string marker) =>
        context.Request.Headers.Accept.Any(a => a is not null && a.Contains(marker, StringComparison.Ordinal));

    /// <summary><c>?dryRun</c>: absent, or <c>All</c> (every value given); anything else is refused as upstream's <c>ValidateDryRun</c>.</summary>
    internal static bool DryRun(HttpContext context)
    {
        var values = context.Request.Query["dryRun"];
        var options = context.Request.Method switch
        {
            "POST" => "CreateOptions",
            "PUT" => "UpdateOptions",
            "PATCH" => "PatchOptions",
            _ => "DeleteOptions",
        };
        DryRunValues.Check(options, values.Select(v => v ?? string.Empty).ToList());
        return values.Count > 0;
    }
}
