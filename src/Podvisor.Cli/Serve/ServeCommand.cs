using System.CommandLine;
using System.Globalization;
using System.Net;
using Podvisor.Cli.Run;
using Podvisor.Server.Hosting;

namespace Podvisor.Cli.Serve;

/// <summary>Declares <c>podvisor serve</c>: a Kubernetes-compatible API for kubectl, backed by SQLite and the engine.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var dataDirectory = new Option<DirectoryInfo?>("--data-dir")
        {
            Description = "Where the store, TLS identity, token, kubeconfig and container logs live (default: $XDG_DATA_HOME/podvisor or ~/.local/share/podvisor).",
            HelpName = "DIR",
        };
        var address = new Option<string>("--address")
        {
            Description = "The address to listen on. Only loopback addresses unless --allow-non-loopback is given.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--port")
        {
            Description = "The port to listen on; 0 picks a free one.",
            DefaultValueFactory = _ => 6443,
        };
        var allowNonLoopback = new Option<bool>("--allow-non-loopback")
        {
            Description = "Allow --address to be reachable from other machines (anyone with the kubeconfig's token controls your processes).",
        };
        var images = new Option<FileInfo?>("--images")
        {
            Description = "The image catalog (default: ./images.yaml if present, else images.yaml next to the executable, else none).",
            HelpName = "FILE",
        };

        var endpointDelay = new Option<string>("--endpoint-delay")
        {
            Description = "How long a removed endpoint keeps receiving new connections through the Service proxy, as a cluster's kube-proxy and load balancers lag (default 5s; 0s for none).",
            DefaultValueFactory = _ => "5s",
            HelpName = "DURATION",
        };

        var command = new Command("serve", "Serve a Kubernetes-compatible API (HTTPS, bearer token) on this machine so that kubectl can run pods here.")
        {
            dataDirectory, address, port, allowNonLoopback, images, endpointDelay,
        };
        var runtimeFlags = new RuntimeFlags();
        runtimeFlags.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Checked here rather than in a validator: validators do not see option defaults.
            var text = parseResult.GetValue(address) ?? "127.0.0.1";
            if (Problem(text, parseResult.GetValue(port), parseResult.GetValue(allowNonLoopback)) is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem}");
                await Console.Error.WriteLineAsync("See 'podvisor serve --help'.");
                return ExitCodes.InvalidInput;
            }

            if (runtimeFlags.Resolve(parseResult, out var runtimeError) is not { } runtime)
            {
                await Console.Error.WriteLineAsync($"error: {runtimeError}");
                await Console.Error.WriteLineAsync("See 'podvisor serve --help'.");
                return ExitCodes.InvalidInput;
            }

            if (!DurationParser.TryParse(parseResult.GetValue(endpointDelay) ?? "5s", out var delay, out var delayError))
            {
                await Console.Error.WriteLineAsync($"error: invalid argument for \"--endpoint-delay\" flag: {delayError}");
                await Console.Error.WriteLineAsync("See 'podvisor serve --help'.");
                return ExitCodes.InvalidInput;
            }

            var options = new ServerOptions
            {
                EndpointDelay = delay,
                DataDirectory = parseResult.GetValue(dataDirectory)?.FullName ?? ServerOptions.DefaultDataDirectory(),
                Address = IPAddress.Parse(text),
                Port = parseResult.GetValue(port),
                AllowNonLoopback = parseResult.GetValue(allowNonLoopback),
            };
            return await ServeSession.RunAsync(options, parseResult.GetValue(images)?.FullName, cancellationToken, runtime);
        });
        return command;
    }

    private static string? Problem(string address, int port, bool allowNonLoopback)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return $"invalid argument \"{address}\" for \"--address\" flag: not an IP address";
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            // A socket cannot be bound to a mapped address; the user means the IPv4 one.
            return $"invalid argument \"{address}\" for \"--address\" flag: an IPv4-mapped IPv6 address cannot be listened on; use {ip.MapToIPv4()}";
        }

        if (!IPAddress.IsLoopback(ip) && !allowNonLoopback)
        {
            return $"refusing to listen on non-loopback address {ip}: pass --allow-non-loopback to expose the API beyond this machine";
        }

        return port is < 0 or > 65535
            ? $"invalid argument \"{port.ToString(CultureInfo.InvariantCulture)}\" for \"--port\" flag: must be 0 to 65535"
            : null;
    }
}
