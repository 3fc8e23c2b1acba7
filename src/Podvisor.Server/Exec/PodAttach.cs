using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Engine.Runtime;
using Podvisor.Server.Api;
using Podvisor.Server.Logs;
using Podvisor.Server.Store;

namespace Podvisor.Server.Exec;

/// <summary>
/// <c>pods/attach</c> over WebSocket <c>v5.channel.k8s.io</c>: what the running container writes from now on goes to
/// channel 1 (stdout) or 2 (stderr), read from its CRI log file, until the container exits. With <c>stdin=true</c> and a
/// container started with <c>stdin: true</c>, channel 0 goes to the container's stdin, which its runtime holds open
/// (<see cref="IContainerStdin"/>). As containerd's attach (<c>pkg/cri/io/container_io.go</c>), when the client's input
/// ends: with <c>stdinOnce</c> (and no tty) the container's stdin is closed and the output goes on until it exits;
/// otherwise this attach ends at once and the container's stdin stays open for the next one. A container without
/// stdin takes no input: the client's is dropped, not refused (neither the kubelet's <c>GetAttach</c> nor containerd
/// refuses it).
/// </summary>
internal sealed class PodAttach(ObjectStore store, ContainerDirectory containers, PodLogs logs, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task ServeAsync(HttpContext context, string ns, string name)
    {
        var query = context.Request.Query;
        var (pod, container) = ContainerSelection.Resolve(store, ns, name, query["container"].FirstOrDefault(), "attach to");
        var uid = ObjectMetadata.Uid(pod);
        if (containers.FindRunningWithLaunch(ns, name, uid ?? string.Empty, container) is not { } found
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

        // From here on, before any input can reach the container: what it writes in answer is part of this attach.
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(0, SeekOrigin.End);
        AttachStdin? stdin;
        try
        {
            stdin = await OpenStdinAsync(found.Launch, found.Running, QueryParameters.Flag(query, "stdin"), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await session.FinishAsync(new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = e.Message }, cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var input = stdin;
        var received = session.ReceiveAsync(stdin, cancellationToken, found.Launch.Tty && found.Running is IContainerTerminal terminal ? terminal.ResizeAsync : null);

        // The end of the client's input ends the attach unless the container's stdin closes with it (containerd's rule).
        var endsWithInput = stdin is not null && !(found.Launch.StdinOnce && !found.Launch.Tty);
        var inputEnded = stdin?.Ended ?? Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        using var text = new StreamReader(stream, Encoding.UTF8);

        // The log drops a terminal's CR (containerd's rule); the client's terminal is raw, and wants it back.
        var lineEnd = found.Launch.Tty ? "\r\n" : "\n";
        var reader = new CriLogReader();
        var pending = new StringBuilder();
        var finished = false;
        try
        {
            while (!received.IsCompleted)
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
                            await session.SendAsync(line.Stream == "stderr" ? (byte)2 : (byte)1, Encoding.UTF8.GetBytes(line.Text + lineEnd), cancellationToken).ConfigureAwait(false);
                        }
                    }

                    pending.Clear().Append(all[(end + 1)..]);
                }

                if (finished)
                {
                    break;
                }

                finished = logs.AttemptEnded(ns, name, container, uid, file) || (endsWithInput && inputEnded.IsCompleted);
                if (!finished)
                {
                    await Task.WhenAny(received, inputEnded, Task.Delay(Poll, time, cancellationToken)).ConfigureAwait(false);
                }
            }

            await session.FinishAsync(new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException)
        {
            // The client went away.
        }
    }

    /// <summary>
    /// The container's stdin for this attach, when the client asked for it and the container has one (the spec's
    /// <c>stdin</c>, which the runtime was started with); null otherwise, and the client's input is dropped.
    /// </summary>
    private static async Task<AttachStdin?> OpenStdinAsync(ContainerLaunch launch, IRunningContainer running, bool requested, CancellationToken cancellationToken)
    {
        if (!requested || !launch.Stdin || running is not IContainerStdin container)
        {
            return null;
        }

        return new AttachStdin(await container.OpenStdinAsync(cancellationToken).ConfigureAwait(false));
    }
}
