using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Server.Selectors;
using Podvisor.Server.Store;
using Podvisor.Server.Tables;
using Podvisor.Server.Watch;

namespace Podvisor.Server.Api;

/// <summary>GET for every stored resource: one object, a list, or a watch; as JSON or as a Table.</summary>
internal sealed class ResourceReader(ObjectStore store, WatchStreamer watches, TimeProvider time)
{
    public static ITablePrinter? PrinterFor(ResourceKind kind) => kind.Resource switch
    {
        "pods" => PodPrinter.Instance,
        "events" => EventPrinter.Instance,
        "namespaces" => NamespacePrinter.Instance,
        "nodes" => NodePrinter.Instance,
        _ => null,
    };

    public async Task ListAsync(HttpContext context, ResourceKind kind, string? ns)
    {
        var labels = LabelSelector.Parse(HttpJson.Query(context, "labelSelector"));
        var fields = FieldSelector.Parse(HttpJson.Query(context, "fieldSelector"), kind);
        var table = HttpJson.WantsTable(context) ? PrinterFor(kind) : null;
        if (HttpJson.QueryFlag(context, "watch"))
        {
            await watches.StreamAsync(context, kind, ns, labels, fields, table).ConfigureAwait(false);
            return;
        }

        var list = store.List(kind, ns);
        var items = list.Items.Where(o => labels.Matches(o) && fields.Matches(o)).ToList();
        var rv = list.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        if (table is not null)
        {
            await HttpJson.WriteAsync(context, 200, TableBuilder.Build(table, items, rv, true, HttpJson.Query(context, "includeObject") ?? "Metadata", time.GetUtcNow())).ConfigureAwait(false);
            return;
        }

        await HttpJson.WriteAsync(context, 200, ToList(kind, items, rv)).ConfigureAwait(false);
    }

    public async Task GetAsync(HttpContext context, ResourceKind kind, string ns, string name)
    {
        var obj = store.Get(kind, ns, name) ?? throw ApiStatus.NotFound(kind.Resource, name);
        await WriteObjectAsync(context, kind, obj, 200).ConfigureAwait(false);
    }

    /// <summary>Answers with the object, or as a one-row Table when the client asked for one.</summary>
    public async Task WriteObjectAsync(HttpContext context, ResourceKind kind, JsonObject obj, int code)
    {
        if (HttpJson.WantsTable(context) && PrinterFor(kind) is { } printer)
        {
            var table = TableBuilder.Build(printer, [obj], (string?)ObjectMetadata.Of(obj)["resourceVersion"], true, HttpJson.Query(context, "includeObject") ?? "Metadata", time.GetUtcNow());
            await HttpJson.WriteAsync(context, code, table).ConfigureAwait(false);
            return;
        }

        await HttpJson.WriteAsync(context, code, obj).ConfigureAwait(false);
    }

    public static JsonObject ToList(ResourceKind kind, IEnumerable<JsonObject> items, string rv) => new()
    {
        ["kind"] = kind.ListKind,
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
        ["items"] = new JsonArray(items.Cast<JsonNode?>().ToArray()),
    };
}
