using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Server.Api;
using Podvisor.Server.Logs;
using Podvisor.Server.Store;

namespace Podvisor.Server.Exec;

/// <summary>
/// <c>pods/attach</c> over WebSocket <c>v5.channel.k8s.io</c>, output only: what the running container writes
/// from now on goes to channel 1 (stdout) or 2 (stderr), read from its CRI log file, until the container exits.
/// Attaching to stdin is refused: the process runtime does not keep a container's stdin open.
/// </summary>
internal sealed class PodAttach(ObjectStore store, ContainerDirectory containers, PodLogs logs, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task ServeAsync(HttpContext context, string ns, string name)
    {
        var query = context.Request.Query;
        var (pod, container) = ContainerSelection.Resolve(store, ns, name, query["container"].FirstOrDefault(), "attach to");
        if (QueryParameters.Flag(query, "stdin"))
        {
            throw ApiStatus.BadRequest($"container {container} in pod {name} does not accept stdin: the process runtime does not keep it open");
        }

        var uid = ObjectMetadata.Uid(pod);
        if (containers.FindRunning(ns, name, uid ?? string.Empty, container) is null
            || PodLogs.LogFiles(logs.ContainerDirectoryOf(ns, name, uid, container)) is not { Count: > 0 } files)
        {
            throw ApiStatus.BadRequest($"unable to upgrade connection: container not found (\"{container}\")");
        }

        if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains("v5.channel.k8s.io"))
        {
            throw ApiStatus.BadRequest("Upgrade request required");
        }

        var file = files[^1];
        using var socket = await context.WebSockets.AcceptWebSocketAsync("v5.channel.k8s.io").ConfigureAwait(false);
        using var session = new ExecSession(socket, time);
        var cancellationToken = context.RequestAborted;
        var input = session.ReceiveAsync(stdin: null, cancellationToken);
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(0, SeekOrigin.End);
        using var text = new StreamReader(stream, Encoding.UTF8);
        var reader = new CriLogReader();
        var pending = new StringBuilder();
        var finished = false;
        try
        {
            while (!input.IsCompleted)
            {
                pending.Append(await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
                var all = pending.ToString();
                var end = all.LastIndexOf('\n');
                if (end >= 0)
                {
                    foreach (var record in all[..end].Split('\n'))
                    {
                        if (reader.Feed(record) is { } line)
                        {
                            await session.SendAsync(line.Stream == "stderr" ? (byte)2 : (byte)1, Encoding.UTF8.GetBytes(line.Text + "\n"), cancellationToken).ConfigureAwait(false);
                        }
                    }

                    pending.Clear().Append(all[(end + 1)..]);
                }

                if (finished)
                {
                    break;
                }

                finished = logs.AttemptEnded(ns, name, container, uid, file);
                if (!finished)
                {
                    await Task.WhenAny(input, Task.Delay(Poll, time, cancellationToken)).ConfigureAwait(false);
                }
            }

            await session.FinishAsync(new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException)
        {
            // The client went away.
        }
    }
}
