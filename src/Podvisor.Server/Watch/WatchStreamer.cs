using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Server.Api;
using Podvisor.Server.Selectors;
using Podvisor.Server.Store;
using Podvisor.Server.Tables;

namespace Podvisor.Server.Watch;

/// <summary>
/// Serves one <c>?watch=true</c> request: a chunked stream of <c>{"type":…,"object":…}</c> lines (spec §3.3).
/// Without a resourceVersion (or with "0") it first sends a synthetic ADDED per matching object; with N it
/// replays every change after N. Table watches send one-row Tables, column definitions only in the first.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, TimeProvider time)
{
    /// <summary>How often an idle watch that allows bookmarks gets one.</summary>
    public static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(30);

    public async Task StreamAsync(HttpContext context, ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields, ITablePrinter? table)
    {
        var rvText = HttpJson.Query(context, "resourceVersion");
        var bookmarks = HttpJson.QueryFlag(context, "allowWatchBookmarks");
        var includeObject = HttpJson.Query(context, "includeObject") ?? "Metadata";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (HttpJson.Query(context, "timeoutSeconds") is { } seconds && int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(s));
        }

        IEnumerable<JsonObject> initial = [];
        WatchSubscription subscription;
        long lastRv;
        if (string.IsNullOrEmpty(rvText) || rvText == "0")
        {
            var (list, sub) = store.ListAndSubscribe(kind, ns);
            initial = list.Items.Where(o => labels.Matches(o) && fields.Matches(o));
            subscription = sub;
            lastRv = list.ResourceVersion;
        }
        else
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out lastRv))
            {
                throw ApiStatus.BadRequest($"invalid resource version: {rvText}");
            }

            subscription = store.Hub.Subscribe(lastRv);
        }

        using (subscription)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            var writer = new LineWriter(context, table, includeObject, time);
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in initial)
            {
                matched.Add(Key(obj));
                await writer.WriteAsync("ADDED", obj, timeout.Token).ConfigureAwait(false);
            }

            await writer.FlushAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                await PumpAsync(subscription, kind, ns, labels, fields, writer, matched, bookmarks, lastRv, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client went away, or timeoutSeconds passed: end the stream cleanly.
            }
        }
    }

    private async Task PumpAsync(
        WatchSubscription subscription, ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields,
        LineWriter writer, HashSet<string> matched, bool bookmarks, long lastRv, CancellationToken cancellationToken)
    {
        var reader = subscription.Changes;
        var sentRv = lastRv;
        while (true)
        {
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(BookmarkInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                if (bookmarks && lastRv > sentRv)
                {
                    sentRv = lastRv;
                    await writer.WriteBookmarkAsync(kind, lastRv, cancellationToken).ConfigureAwait(false);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (!more)
            {
                return;
            }

            while (reader.TryRead(out var change))
            {
                lastRv = change.ResourceVersion;
                if (change.Kind != kind || (ns is not null && change.Namespace != ns))
                {
                    continue;
                }

                if (fields.Name is { } name && !change.Json.Contains(name, StringComparison.Ordinal))
                {
                    continue;
                }

                var obj = JsonNode.Parse(change.Json)!.AsObject();
                var key = Key(obj);
                var matches = labels.Matches(obj) && fields.Matches(obj);
                var type = change.Type;
                if (!matches)
                {
                    // An object that stops matching leaves the watcher's view, as upstream's filtered watch.
                    if (type == "MODIFIED" && matched.Remove(key))
                    {
                        type = "DELETED";
                    }
                    else
                    {
                        continue;
                    }
                }
                else if (type == "DELETED")
                {
                    matched.Remove(key);
                }
                else
                {
                    matched.Add(key);
                }

                sentRv = change.ResourceVersion;
                await writer.WriteAsync(type, obj, cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Key(JsonObject obj) => ObjectMetadata.Namespace(obj) + "/" + ObjectMetadata.Name(obj);

    /// <summary>Writes watch events as lines; the first Table event carries the column definitions.</summary>
    private sealed class LineWriter(HttpContext context, ITablePrinter? table, string includeObject, TimeProvider time)
    {
        private bool _columnsSent;

        public async Task WriteAsync(string type, JsonObject obj, CancellationToken cancellationToken)
        {
            JsonNode payload = obj;
            if (table is not null)
            {
                payload = TableBuilder.Build(table, [obj], (string?)ObjectMetadata.Of(obj)["resourceVersion"], !_columnsSent, includeObject, time.GetUtcNow());
                _columnsSent = true;
            }

            var line = new JsonObject { ["type"] = type, ["object"] = payload }.ToJsonString() + "\n";
            await context.Response.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        }

        public async Task WriteBookmarkAsync(ResourceKind kind, long rv, CancellationToken cancellationToken)
        {
            var bookmark = new JsonObject
            {
                ["type"] = "BOOKMARK",
                ["object"] = new JsonObject
                {
                    ["kind"] = kind.Kind,
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) },
                },
            };
            await context.Response.WriteAsync(bookmark.ToJsonString() + "\n", cancellationToken).ConfigureAwait(false);
        }

        public Task FlushAsync(CancellationToken cancellationToken) => context.Response.Body.FlushAsync(cancellationToken);
    }
}
