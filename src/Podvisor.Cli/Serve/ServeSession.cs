using Podvisor.Cli.Report;
using Podvisor.Cli.Run;
using Podvisor.Server.Hosting;

namespace Podvisor.Cli.Serve;

/// <summary>
/// One <c>podvisor serve</c>: start the server, print how to point kubectl at it, and run until SIGINT/SIGTERM.
/// The first signal stops serving and terminates the pods within their grace periods (their stored state is
/// kept, and the next start runs them again); a second one kills them at once.
/// </summary>
internal static class ServeSession
{
    public static async Task<int> RunAsync(ServerOptions options, string? imagesPath, CancellationToken cancellationToken, RuntimeSelection? runtimeSelection = null)
    {
        var time = TimeProvider.System;
        using var stop = new StopRequests(time, stopAfter: null);
        using var callerGaveUp = cancellationToken.Register(() => stop.Request("cancelled"));
        try
        {
            var images = ImageCatalogSource.Load(imagesPath);
            // serve has never shown the runtime's host warnings (its output is the API's address and KUBECONFIG).
            await using var runtime = await ContainerRuntimeFactory.CreateAsync(
                runtimeSelection ?? RuntimeSelection.Default, Path.Combine(options.DataDirectory, "containerd"), time, static _ => { }, cancellationToken);
            // The same timeline page as `run --report`, per pod: GET /podvisor/pods/{ns}/{name}/timeline.
            options = options with { Timeline = new ServeTimelinePages(time) };
            var server = await PodvisorServer.StartAsync(options, runtime, images, time, cancellationToken);
            await Console.Out.WriteLineAsync($"podvisor: serving the Kubernetes API at {server.Url.ToString().TrimEnd('/')} (data in {options.DataDirectory})");
            await Console.Out.WriteLineAsync($"export KUBECONFIG={server.KubeconfigPath}");
            await Console.Out.FlushAsync(CancellationToken.None);

            var reason = await stop.Graceful;
            await Console.Error.WriteLineAsync($"podvisor: {reason}: stopping the pods (their state is kept); send it again to kill them now.");
            using var force = new CancellationTokenSource();
            _ = stop.Forced.ContinueWith(_ => force.Cancel(), TaskScheduler.Default);
            await server.StopAsync(force.Token);
            return ExitCodes.Success;
        }
        catch (System.Data.Common.DbException exception)
        {
            // A damaged or foreign podvisor.db: say which file, not a SqliteException's stack.
            var store = Path.Combine(options.DataDirectory, "podvisor.db");
            await Console.Error.WriteLineAsync($"error: the store {store} cannot be used ({exception.Message}); move it aside to start with an empty one");
            return ExitCodes.Failure;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException or InvalidOperationException)
        {
            var debug = Environment.GetEnvironmentVariable("PODVISOR_DEBUG") == "1";
            await Console.Error.WriteLineAsync(debug ? $"error: {exception}" : $"error: {exception.Message}");
            return ExitCodes.Failure;
        }
    }
}
