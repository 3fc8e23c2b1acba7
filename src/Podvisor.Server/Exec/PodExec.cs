using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Exec;

/// <summary>
/// <c>pods/exec</c> over WebSocket <c>v5.channel.k8s.io</c> (spec §5): binary frames whose first byte is the
/// channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize, 255 close), the exit as one Status on channel 3,
/// then a normal close. Requests are validated before the upgrade so errors reach kubectl as a Status.
/// The command runs with the container's environment and working directory. Without a pty, <c>-t</c> gets
/// pipes (stderr merged into stdout) and resizes are accepted but have no effect.
/// </summary>
internal sealed class PodExec(ObjectStore store, ContainerDirectory containers, TimeProvider time) : IDisposable
{
    private static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<int, Process> _running = new();

    public async Task ServeAsync(HttpContext context, string ns, string name)
    {
        var pod = store.Get(ResourceKind.Pods, ns, name) ?? throw ApiStatus.NotFound("pods", name);
        var phase = (string?)pod["status"]?["phase"];
        if (phase is "Succeeded" or "Failed")
        {
            throw ApiStatus.BadRequest($"cannot exec into a container in a completed pod; current phase is {phase}");
        }

        var query = context.Request.Query;
        var command = query["command"].OfType<string>().ToList();
        if (command.Count == 0)
        {
            throw ApiStatus.BadRequest("you must specify at least 1 command");
        }

        var names = Names(pod["spec"]?["containers"]);
        var container = query["container"].FirstOrDefault() ?? (names.Count == 1 ? names[0] : null)
            ?? throw ApiStatus.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", names)}]");
        // A running init container (a sidecar, or one still initializing) can be exec'd into too.
        if (!names.Contains(container) && !Names(pod["spec"]?["initContainers"]).Contains(container))
        {
            throw ApiStatus.BadRequest($"container {container} is not valid for pod {name}");
        }

        var launch = containers.FindRunning(ns, name, ObjectMetadata.Uid(pod) ?? string.Empty, container)
            ?? throw ApiStatus.BadRequest($"unable to upgrade connection: container not found (\"{container}\")");
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiStatus.BadRequest("Upgrade request required");
        }

        var protocol = Protocols.FirstOrDefault(p => context.WebSockets.WebSocketRequestedProtocols.Contains(p))
            ?? throw ApiStatus.BadRequest($"unable to upgrade connection: the client must offer one of the subprotocols {string.Join(", ", Protocols)}");
        var tty = query["tty"].FirstOrDefault() is "true" or "1";
        var stdin = query["stdin"].FirstOrDefault() is "true" or "1";
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        using var session = new ExecSession(socket);
        var program = ExecutableLookup.Resolve(command[0], launch.Environment, launch.WorkingDirectory);
        if (program is null)
        {
            await session.FinishAsync(Failure($"exec: \"{command[0]}\": executable file not found in $PATH"), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = launch.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (key, value) in launch.Environment)
        {
            info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            await session.FinishAsync(Failure($"exec: \"{command[0]}\": {e.Message}"), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        _running[process.Id] = process;
        try
        {
            if (!stdin)
            {
                process.StandardInput.Close();
            }

            var stdout = session.PumpAsync(process.StandardOutput.BaseStream, channel: 1, context.RequestAborted);
            var stderr = session.PumpAsync(process.StandardError.BaseStream, channel: tty ? (byte)1 : (byte)2, context.RequestAborted);
            var input = session.ReceiveAsync(stdin ? process.StandardInput.BaseStream : null, context.RequestAborted);
            var exited = process.WaitForExitAsync(context.RequestAborted);
            if (await Task.WhenAny(exited, input).ConfigureAwait(false) == input && !process.HasExited)
            {
                // The client closed the connection before the command ended: stop it, as the kubelet does.
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            var status = process.ExitCode == 0 ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" } : ExitStatus(process.ExitCode);
            await session.FinishAsync(status, context.RequestAborted).ConfigureAwait(false);

            // Let kubectl answer the close before the socket is dropped (bounded: a client may never answer).
            await Task.WhenAny(input, Task.Delay(CloseWait, time, context.RequestAborted)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _running.TryRemove(process.Id, out _);
        }
    }

    private static List<string> Names(JsonNode? containers) =>
        (containers as JsonArray)?.Select(c => (string?)c?["name"]).OfType<string>().ToList() ?? [];

    /// <summary>Kills every exec still running (server shutdown).</summary>
    public void Dispose()
    {
        foreach (var process in _running.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
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
