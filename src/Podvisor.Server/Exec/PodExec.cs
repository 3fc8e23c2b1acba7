using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Engine.Runtime;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Exec;

/// <summary>
/// <c>pods/exec</c> over WebSocket <c>v5.channel.k8s.io</c> (docs/apiserver-behaviour.md §5): binary frames whose first byte is the
/// channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize, 255 close), the exit as one Status on channel 3,
/// then a normal close. Requests are validated before the upgrade so errors reach kubectl as a Status.
/// The command runs through the container runtime, as the kubelet's exec does through the CRI: in the
/// container's view (its mount namespace, private /tmp and volumes), environment and working directory, owned
/// and reaped by the runtime. <c>-t</c> gets a terminal (stderr merged into stdout, as a terminal merges them), and the
/// window sizes kubectl sends on channel 4 are set on it.
/// </summary>
internal sealed class PodExec(ObjectStore store, ContainerDirectory containers, TimeProvider time) : IDisposable
{
    private static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<IExecSession, byte> _running = new();

    public async Task ServeAsync(HttpContext context, string ns, string name)
    {
        // The apiserver checks the request's options before it looks at the pod.
        var query = context.Request.Query;
        var command = query["command"].OfType<string>().ToList();
        if (command.Count == 0)
        {
            throw ApiStatus.BadRequest("you must specify at least 1 command");
        }

        var (pod, container) = ContainerSelection.Resolve(store, ns, name, query["container"].FirstOrDefault(), "exec into");
        var running = containers.FindRunning(ns, name, ObjectMetadata.Uid(pod) ?? string.Empty, container)
            ?? throw ApiStatus.BadRequest($"unable to upgrade connection: container not found (\"{container}\")");
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiStatus.BadRequest("Upgrade request required");
        }

        var protocol = Protocols.FirstOrDefault(p => context.WebSockets.WebSocketRequestedProtocols.Contains(p))
            ?? throw ApiStatus.BadRequest($"unable to upgrade connection: the client must offer one of the subprotocols {string.Join(", ", Protocols)}");
        var streams = new ExecStreams(Stdin: QueryParameters.Flag(query, "stdin"), Tty: QueryParameters.Flag(query, "tty"));
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        using var session = new ExecSession(socket, time);
        IExecSession exec;
        try
        {
            exec = await running.StartExecAsync(command, streams, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The runtime is gone: the server is stopping, and every container with it.
            await session.FinishAsync(Failure("OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown"), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await using (exec.ConfigureAwait(false))
        {
            if (exec.StartFailure is { } failure)
            {
                await session.FinishAsync(Failure(failure.Message), context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await RelayAsync(context, session, exec).ConfigureAwait(false);
        }
    }

    /// <summary>Kills every exec still running (server shutdown); the runtime reaps them.</summary>
    public void Dispose()
    {
        foreach (var exec in _running.Keys)
        {
            exec.Kill();
        }
    }

    private async Task RelayAsync(HttpContext context, ExecSession session, IExecSession exec)
    {
        _running[exec] = 0;

        // A client gone mid-command stops it, even while a stdin write waits for the command to read.
        using var aborted = context.RequestAborted.Register(exec.Kill);
        try
        {
            var stdout = session.PumpAsync(exec.Stdout, channel: 1, context.RequestAborted);
            var stderr = exec.Stderr is { } errors ? session.PumpAsync(errors, channel: 2, context.RequestAborted) : Task.CompletedTask;
            var input = session.ReceiveAsync(exec.Stdin, context.RequestAborted, exec.ResizeAsync);
            if (await Task.WhenAny(exec.Exited, input).ConfigureAwait(false) == input && !exec.Exited.IsCompleted)
            {
                // The client closed the connection before the command ended: stop it, as the kubelet does.
                exec.Kill();
            }

            var exitCode = await exec.Exited.ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            var status = exitCode == 0 ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" } : ExitStatus(exitCode);
            await session.FinishAsync(status, context.RequestAborted).ConfigureAwait(false);

            // Let kubectl answer the close before the socket is dropped (bounded: a client may never answer).
            await Task.WhenAny(input, Task.Delay(CloseWait, time, context.RequestAborted)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            exec.Kill();
        }
        finally
        {
            _running.TryRemove(exec, out _);
        }
    }

    /// <summary>The Status kubectl turns into "command terminated with exit code N" and its own exit code N.</summary>
    private static JsonObject ExitStatus(int exitCode)
    {
        var code = exitCode.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"command terminated with non-zero exit code: exit status {code}",
            ["reason"] = "NonZeroExitCode",
            ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code }) },
        };
    }

    private static JsonObject Failure(string message) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
    };
}
