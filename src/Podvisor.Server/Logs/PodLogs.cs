using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Logs;

/// <summary>
/// <c>pods/log</c> from the CRI log files the runtime writes (one per container attempt,
/// <c>pods/NS_NAME_UID/CONTAINER/N.log</c>), with the kubelet's checks and wording
/// (<c>validateContainerLogStatus</c>) and its filters: previous, tailLines, since, timestamps, limitBytes, follow.
/// </summary>
internal sealed class PodLogs(ObjectStore store, string stateDirectory, TimeProvider time)
{
    private static readonly string[] StatusLists = ["containerStatuses", "initContainerStatuses"];
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Files are read this much at a time: a request's memory does not depend on the log's size.</summary>
    private const int ReadBlockBytes = 64 * 1024;

    public async Task ServeAsync(HttpContext context, string ns, string name)
    {
        var pod = store.Get(ResourceKind.Pods, ns, name) ?? throw ApiStatus.NotFound("pods", name);
        var options = LogOptions.Parse(context.Request.Query, time.GetUtcNow());
        var container = ChooseContainer(pod, options.Container, name);
        var uid = ObjectMetadata.Uid(pod);
        var directory = ContainerDirectoryOf(ns, name, uid, container);
        var files = LogFiles(directory);
        var status = ContainerStatus(pod, container);
        string file;
        if (options.Previous)
        {
            file = files.Count >= 2
                ? files[^2]
                : throw ApiStatus.BadRequest($"previous terminated container \"{container}\" in pod \"{name}\" not found");
        }
        else if (files.Count > 0)
        {
            file = files[^1];
        }
        else
        {
            var reason = (string?)status?["state"]?["waiting"]?["reason"];
            throw ApiStatus.BadRequest(reason switch
            {
                "ErrImagePull" or "ErrImageNeverPull" => $"container \"{container}\" in pod \"{name}\" is waiting to start: image can't be pulled",
                "ImagePullBackOff" => $"container \"{container}\" in pod \"{name}\" is waiting to start: trying and failing to pull image",
                { Length: > 0 } => $"container \"{container}\" in pod \"{name}\" is waiting to start: {reason}",
                _ => $"container \"{container}\" in pod \"{name}\" is waiting to start - no logs yet",
            });
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        var writer = new LogWriter(context.Response, options);
        var reader = new CriLogReader();
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        await using (stream.ConfigureAwait(false))
        {
            // Only whole records: the runtime may be writing the last one right now; follow picks it up later.
            var end = stream.Length;
            stream.Position = options.TailLines is { } tail ? TailSeeker.FindStart(stream.SafeFileHandle, end, tail) : 0;
            var records = new RecordSplitter();
            await CopyRecordsAsync(stream, end, records, reader, writer, options.Since, context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            if (options.Follow && !options.Previous)
            {
                await FollowAsync(context, ns, name, container, uid, file, stream, records, reader, writer).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Streams the records between the stream's position and <paramref name="end"/>, one block at a time.</summary>
    private static async Task CopyRecordsAsync(FileStream stream, long end, RecordSplitter records, CriLogReader reader, LogWriter writer, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var block = new byte[ReadBlockBytes];
        while (stream.Position < end && !writer.Full)
        {
            var read = await stream.ReadAsync(block.AsMemory(0, (int)Math.Min(block.Length, end - stream.Position)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            foreach (var record in records.Push(block.AsSpan(0, read)))
            {
                if (reader.Feed(record) is { } line && (since is null || line.Time >= since) && !writer.Full)
                {
                    await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Where the runtime writes this container's attempt logs (the engine's layout).</summary>
    internal string ContainerDirectoryOf(string ns, string name, string? uid, string container) =>
        Path.Combine(stateDirectory, "pods", $"{ns}_{name}_{uid}", container);

    /// <summary>
    /// Streams new lines until this container attempt ends, the pod goes away, or the client leaves. When the
    /// runtime rotates the file (renames it and starts a new one at the same path), the rest of the renamed file is
    /// read, then the new one from its start, as the kubelet's follower does on a rotation.
    /// </summary>
    private async Task FollowAsync(HttpContext context, string ns, string name, string container, string? uid, string file, FileStream stream, RecordSplitter records, CriLogReader reader, LogWriter writer)
    {
        var cancellationToken = context.RequestAborted;
        var finished = false;
        var opened = File.GetCreationTimeUtc(file);
        FileStream? rotated = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested && !writer.Full)
            {
                await CopyRecordsAsync(stream, stream.Length, records, reader, writer, since: null, cancellationToken).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (File.Exists(file) && File.GetCreationTimeUtc(file) != opened)
                {
                    // Rotated: what was written to the old file is read above; continue with the new one.
                    opened = File.GetCreationTimeUtc(file);
                    if (rotated is not null)
                    {
                        await rotated.DisposeAsync().ConfigureAwait(false);
                    }

                    rotated = stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
                    continue;
                }

                if (finished)
                {
                    return;
                }

                // Decide after reading, then read once more: the runtime drains output before the exit is reported.
                finished = AttemptEnded(ns, name, container, uid, file);
                if (!finished)
                {
                    try
                    {
                        await Task.Delay(FollowPoll, time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            if (rotated is not null)
            {
                await rotated.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether the container attempt writing <paramref name="file"/> is over (or its pod is gone).</summary>
    internal bool AttemptEnded(string ns, string name, string container, string? uid, string file)
    {
        var pod = store.Get(ResourceKind.Pods, ns, name);
        if (pod is null || ObjectMetadata.Uid(pod) != uid)
        {
            return true;
        }

        if (LogFiles(Path.GetDirectoryName(file)!) is { Count: > 0 } files && files[^1] != file)
        {
            return true;
        }

        var state = ContainerStatus(pod, container)?["state"];
        return state?["terminated"] is not null || (string?)state?["waiting"]?["reason"] == "CrashLoopBackOff";
    }

    private static string ChooseContainer(JsonObject pod, string? requested, string name)
    {
        var containers = Names(pod["spec"]?["containers"]);
        var init = Names(pod["spec"]?["initContainers"]);
        if (string.IsNullOrEmpty((string?)pod["spec"]?["nodeName"]))
        {
            throw ApiStatus.BadRequest($"pod {name} does not have a host assigned");
        }

        if (string.IsNullOrEmpty(requested))
        {
            if (containers.Count == 1)
            {
                return containers[0];
            }

            var message = $"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", containers)}]";
            throw ApiStatus.BadRequest(init.Count > 0 ? $"{message} or one of the init containers: [{string.Join(" ", init)}]" : message);
        }

        return containers.Contains(requested) || init.Contains(requested)
            ? requested
            : throw ApiStatus.BadRequest($"container {requested} is not valid for pod {name}");
    }

    private static List<string> Names(JsonNode? list) =>
        (list as JsonArray)?.Select(c => (string?)c?["name"]).OfType<string>().ToList() ?? [];

    internal static JsonNode? ContainerStatus(JsonObject pod, string container) =>
        StatusLists
            .SelectMany(k => (pod["status"]?[k] as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(s => (string?)s["name"] == container);

    /// <summary>The attempt files in attempt order (0.log, 1.log, …).</summary>
    internal static List<string> LogFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.log")
                .Select(f => (File: f, Attempt: int.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1))
                .Where(f => f.Attempt >= 0)
                .OrderBy(f => f.Attempt)
                .Select(f => f.File)
                .ToList()
            : [];

    private sealed class LogWriter(HttpResponse response, LogOptions options)
    {
        private long _written;

        public bool Full => options.LimitBytes is { } limit && _written >= limit;

        public async Task WriteAsync(CriLogReader.Line line, CancellationToken cancellationToken)
        {
            var text = options.Timestamps ? $"{line.TimeText} {line.Text}\n" : line.Text + "\n";
            var bytes = Encoding.UTF8.GetBytes(text);
            var count = options.LimitBytes is { } limit ? (int)Math.Min(bytes.Length, limit - _written) : bytes.Length;
            if (count <= 0)
            {
                return;
            }

            _written += count;
            await response.Body.WriteAsync(bytes.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
    }
}
