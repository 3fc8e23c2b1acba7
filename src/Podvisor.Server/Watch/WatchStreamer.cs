using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Server.Api;
using Podvisor.Server.Selectors;
using Podvisor.Server.Store;
using Podvisor.Server.Tables;

namespace Podvisor.Server.Watch;

/// <summary>
/// Serves one <c>?watch=true</c> request: a chunked stream of <c>{"type":…,"object":…}</c> lines (docs/apiserver-behaviour.md §3.3).
/// Without a resourceVersion (or with "0") it first sends a synthetic ADDED per matching object; with N it
/// replays every change after N. Table watches send one-row Tables, column definitions only in the first.
/// Selectors filter as upstream's watch cache does (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go
/// <c>convertToWatchEvent</c>): an object that starts matching is ADDED, one that stops matching is DELETED.
/// With <c>allowWatchBookmarks</c> a BOOKMARK goes out every <see cref="BookmarkInterval"/> and right before a
/// <c>timeoutSeconds</c> watch ends; every stream ends with a clean end of the chunked body.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, TimeProvider time)
{
    /// <summary>How often a watch that allows bookmarks gets one (upstream cacher's <c>bookmarkFrequency</c>).</summary>
    public static readonly TimeSpan BookmarkInterval = TimeSpan.FromMinutes(1);

    public async Task StreamAsync(HttpContext context, ResourceKind kind, WireFormat format, string? ns, LabelSelector labels, FieldSelector fields, ITablePrinter? table)
    {
        var rvText = HttpJson.Query(context, "resourceVersion");
        var bookmarks = HttpJson.QueryFlag(context, "allowWatchBookmarks");
        var includeObject = HttpJson.Query(context, "includeObject") ?? "Metadata";
        var timeout = QueryParameters.TimeoutSeconds(context);
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
            lastRv = QueryParameters.ResourceVersion(rvText);
            await ResourceVersions.WaitUntilFreshAsync(store, lastRv, time, context.RequestAborted).ConfigureAwait(false);
            subscription = store.Hub.Subscribe(lastRv);
        }

        using (subscription)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            var writer = new LineWriter(context, format, table, includeObject, time);
            try
            {
                foreach (var obj in initial)
                {
                    await writer.WriteAsync("ADDED", obj, context.RequestAborted).ConfigureAwait(false);
                }

                await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                var deadline = timeout is { } t ? time.GetUtcNow() + t : (DateTimeOffset?)null;
                await PumpAsync(subscription, kind, ns, labels, fields, writer, bookmarks, lastRv, deadline, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client went away, or the server is stopping: end the stream cleanly.
            }
        }
    }

    private async Task PumpAsync(
        WatchSubscription subscription, ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields,
        LineWriter writer, bool bookmarks, long lastRv, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var reader = subscription.Changes;
        var nextBookmark = time.GetUtcNow() + BookmarkInterval;
        while (true)
        {
            // Timers may fire a little early: whether this wake-up is the deadline is decided here, not by re-reading the clock.
            var wakeAt = deadline is { } d && d <= nextBookmark ? d : nextBookmark;
            var atDeadline = wakeAt == deadline;
            var wait = wakeAt - time.GetUtcNow();
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(cancellationToken).AsTask()
                    .WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                if (bookmarks)
                {
                    await writer.WriteBookmarkAsync(lastRv, cancellationToken).ConfigureAwait(false);
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                if (atDeadline)
                {
                    return;
                }

                nextBookmark = time.GetUtcNow() + BookmarkInterval;
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

                // Cheap skip for kubectl's one-object watches (metadata.name=X) before any parsing.
                if (fields.Name is { } name && !change.Json.Contains(name, StringComparison.Ordinal))
                {
                    continue;
                }

                // Selectors read the change's shared snapshot (parsed once for every watch), never a private parse.
                var everything = labels.IsEverything && fields.IsEverything;
                var matches = everything || (labels.Matches(change.Selectable) && fields.Matches(change.Selectable));
                var matched = change.Previous is not null
                    && (everything || (change.PreviousSelectable is { } previous && labels.Matches(previous) && fields.Matches(previous)));
                var type = (change.Type, matched, matches) switch
                {
                    ("ADDED", _, true) => "ADDED",
                    ("MODIFIED", true, true) => "MODIFIED",
                    ("MODIFIED", false, true) => "ADDED",
                    ("MODIFIED", true, false) => "DELETED",
                    ("DELETED", true, _) => "DELETED",
                    _ => null,
                };
                if (type is not null)
                {
                    await writer.WriteAsync(type, change, cancellationToken).ConfigureAwait(false);
                }
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes watch events as lines; the first Table event carries the column definitions. Lines go into the response's
    /// pipe and are flushed per batch of changes (and every <see cref="FlushThreshold"/> bytes), not per line.
    /// </summary>
    private sealed class LineWriter(HttpContext context, WireFormat format, ITablePrinter? table, string includeObject, TimeProvider time)
    {
        /// <summary>How much a long replay buffers before it is sent.</summary>
        private const int FlushThreshold = 64 * 1024;

        private static readonly byte[] Suffix = "}\n"u8.ToArray();
        private static readonly Dictionary<string, byte[]> Prefixes = new[] { "ADDED", "MODIFIED", "DELETED" }
            .ToDictionary(t => t, t => Encoding.UTF8.GetBytes($"{{\"type\":\"{t}\",\"object\":"), StringComparer.Ordinal);

        private bool _columnsSent;
        private long _unflushed;

        /// <summary>
        /// A stored change: when the wire format is the stored one and no Table was asked for, the line is the change's
        /// own UTF-8 JSON between a fixed prefix and suffix, the same bytes for every watch (what serializing the parsed
        /// object would give: the stored text was written by the same serializer).
        /// </summary>
        public Task WriteAsync(string type, WatchEvent change, CancellationToken cancellationToken)
        {
            if (table is not null || !format.AsStored)
            {
                return WriteAsync(type, JsonNode.Parse(change.Json)!.AsObject(), cancellationToken);
            }

            var body = context.Response.BodyWriter;
            body.Write(Prefixes[type]);
            body.Write(change.Utf8Json.Span);
            body.Write(Suffix);
            return Written(Prefixes[type].Length + change.Utf8Json.Length + Suffix.Length, cancellationToken);
        }

        public Task WriteAsync(string type, JsonObject obj, CancellationToken cancellationToken)
        {
            JsonNode payload = format.FromStored(obj);
            if (table is not null)
            {
                payload = TableBuilder.Build(table, [obj], (string?)ObjectMetadata.Of(obj)["resourceVersion"], !_columnsSent, includeObject, time.GetUtcNow());
                _columnsSent = true;
            }

            return WriteLine(new JsonObject { ["type"] = type, ["object"] = payload }, cancellationToken);
        }

        /// <summary>A BOOKMARK: only the kind and the resourceVersion the watcher has seen up to.</summary>
        public Task WriteBookmarkAsync(long rv, CancellationToken cancellationToken)
        {
            var bookmark = new JsonObject
            {
                ["type"] = "BOOKMARK",
                ["object"] = new JsonObject
                {
                    ["kind"] = format.Kind,
                    ["apiVersion"] = format.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture), ["creationTimestamp"] = null },
                },
            };
            return WriteLine(bookmark, cancellationToken);
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            _unflushed = 0;
            await context.Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        private Task WriteLine(JsonObject line, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(line.ToJsonString() + "\n");
            context.Response.BodyWriter.Write(bytes);
            return Written(bytes.Length, cancellationToken);
        }

        private Task Written(int bytes, CancellationToken cancellationToken)
        {
            _unflushed += bytes;
            return _unflushed >= FlushThreshold ? FlushAsync(cancellationToken) : Task.CompletedTask;
        }
    }
}
