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
        "services" => ServicePrinter.Instance,
        "endpointslices" => EndpointSlicePrinter.Instance,
        "pods" => PodPrinter.Instance,
        "events" => EventPrinter.Instance,
        "namespaces" => NamespacePrinter.Instance,
        "nodes" => NodePrinter.Instance,
        "deployments" => DeploymentPrinter.Instance,
        "replicasets" => ReplicaSetPrinter.Instance,
        "configmaps" => ConfigMapPrinter.Instance,
        "secrets" => SecretPrinter.Instance,
        _ => null,
    };

    public Task ListAsync(HttpContext context, ResourceKind kind, string? ns) => ListAsync(context, kind, WireFormat.Core(kind), ns);

    /// <summary>
    /// A list (or, with <c>watch</c>, a watch). With <c>limit</c> it is paged: every page is read at the first
    /// page's resourceVersion, from the store's rows with later changes undone, and a token older than the
    /// watch history gets 410 Expired, as etcd's compaction gives upstream.
    /// </summary>
    public async Task ListAsync(HttpContext context, ResourceKind kind, WireFormat format, string? ns)
    {
        var labels = LabelSelector.Parse(HttpJson.Query(context, "labelSelector"));
        var fields = FieldSelector.Parse(HttpJson.Query(context, "fieldSelector"), kind);
        var table = HttpJson.WantsTable(context) ? PrinterFor(kind) : null;
        if (HttpJson.QueryFlag(context, "watch"))
        {
            await watches.StreamAsync(context, kind, format, ns, labels, fields, table).ConfigureAwait(false);
            return;
        }

        var options = QueryParameters.List(context);
        if (table is null && format.AsStored && options.Continue is null && !(options.ResourceVersion > 0 && options.Exact))
        {
            await ListStoredAsync(context, kind, format, ns, options, labels, fields).ConfigureAwait(false);
            return;
        }

        var (all, rv) = await ReadAsync(kind, ns, options, context.RequestAborted).ConfigureAwait(false);
        var matching = all.Where(o => labels.Matches(o) && fields.Matches(o));
        if (options.Continue is { } token)
        {
            matching = matching.Where(o => string.CompareOrdinal(Key(o, ns), token.Start) >= 0);
        }

        var (items, next, remaining) = Page(matching.ToList(), options, rv, o => Key(o, ns), labels.IsEverything && fields.IsEverything);
        var rvText = rv.ToString(CultureInfo.InvariantCulture);
        if (table is not null)
        {
            var built = TableBuilder.Build(table, items, rvText, true, HttpJson.Query(context, "includeObject") ?? "Metadata", time.GetUtcNow());
            SetPage(built, next, remaining);
            await HttpJson.WriteAsync(context, 200, built).ConfigureAwait(false);
            return;
        }

        var list = ToList(format, items.Select(format.FromStored), rvText);
        SetPage(list, next, remaining);
        await HttpJson.WriteAsync(context, 200, list).ConfigureAwait(false);
    }

    public Task GetAsync(HttpContext context, ResourceKind kind, string ns, string name) => GetAsync(context, kind, WireFormat.Core(kind), ns, name);

    public async Task GetAsync(HttpContext context, ResourceKind kind, WireFormat format, string ns, string name)
    {
        var obj = store.Get(kind, ns, name) ?? throw ApiStatus.NotFound(kind.Resource, name);
        await WriteObjectAsync(context, kind, format.FromStored(obj), 200).ConfigureAwait(false);
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

    public static JsonObject ToList(ResourceKind kind, IEnumerable<JsonObject> items, string rv) => ToList(WireFormat.Core(kind), items, rv);

    public static JsonObject ToList(WireFormat format, IEnumerable<JsonObject> items, string rv) => new()
    {
        ["kind"] = format.ListKind,
        ["apiVersion"] = format.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = rv },
        ["items"] = new JsonArray(items.Cast<JsonNode?>().ToArray()),
    };

    /// <summary>
    /// A list of the latest state in the stored format (what clients and controllers ask for most): the rows are read
    /// as text under the store's lock, parsed outside it only when a selector must look at them, and written out as
    /// stored (<see cref="StoredListWriter"/>).
    /// </summary>
    private async Task ListStoredAsync(HttpContext context, ResourceKind kind, WireFormat format, string? ns, ListOptions options, LabelSelector labels, FieldSelector fields)
    {
        if (options.ResourceVersion is { } wanted and > 0)
        {
            await ResourceVersions.WaitUntilFreshAsync(store, wanted, time, context.RequestAborted).ConfigureAwait(false);
        }

        var stored = store.ListRows(kind, ns);
        var everything = labels.IsEverything && fields.IsEverything;
        var matching = everything ? stored.Rows.ToList() : stored.Rows.Where(row => row.Parse() is var o && labels.Matches(o) && fields.Matches(o)).ToList();
        var (items, next, remaining) = Page(matching, options, stored.ResourceVersion, row => Key(row.Namespace, row.Name, ns), everything);
        var list = ToList(format, [], stored.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        SetPage(list, next, remaining);
        await StoredListWriter.WriteAsync(context, list, items).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of <paramref name="items"/> for <c>limit</c>: the continue token (read at <paramref name="rv"/>, starting
    /// right after the last key returned) and, without selectors, how many items remain.
    /// </summary>
    private static (List<T> Items, string? Next, long? Remaining) Page<T>(List<T> items, ListOptions options, long rv, Func<T, string> key, bool everything)
    {
        if (options.Limit is not { } limit || items.Count <= limit)
        {
            return (items, null, null);
        }

        // "key\0" sorts just after "key".
        var next = new ContinueToken(rv, key(items[(int)limit - 1]) + "\u0000").Encode();
        return (items.GetRange(0, (int)limit), next, everything ? items.Count - limit : null);
    }

    /// <summary>The objects a list request sees, and the resourceVersion they are read at.</summary>
    private async Task<(IReadOnlyList<JsonObject> Items, long ResourceVersion)> ReadAsync(ResourceKind kind, string? ns, ListOptions options, CancellationToken cancellationToken)
    {
        if (options.Continue is { } token)
        {
            try
            {
                return (store.ListAt(kind, ns, token.ResourceVersion), token.ResourceVersion);
            }
            catch (ResourceVersionTooOldException)
            {
                throw ApiStatus.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }
        }

        if (options.ResourceVersion is { } wanted and > 0)
        {
            await ResourceVersions.WaitUntilFreshAsync(store, wanted, time, cancellationToken).ConfigureAwait(false);
            if (options.Exact)
            {
                return (store.ListAt(kind, ns, wanted), wanted);
            }
        }

        var list = store.List(kind, ns);
        return (list.Items, list.ResourceVersion);
    }

    /// <summary>The object's key under the list's prefix, as upstream's continue tokens hold it.</summary>
    private static string Key(JsonObject obj, string? ns) => Key(ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj), ns);

    private static string Key(string objectNamespace, string name, string? ns) =>
        ns is null && objectNamespace.Length > 0 ? objectNamespace + "/" + name : name;

    private static void SetPage(JsonObject list, string? next, long? remaining)
    {
        if (next is null)
        {
            return;
        }

        var metadata = list["metadata"]!.AsObject();
        metadata["continue"] = next;
        if (remaining is { } count)
        {
            metadata["remainingItemCount"] = count;
        }
    }
}
