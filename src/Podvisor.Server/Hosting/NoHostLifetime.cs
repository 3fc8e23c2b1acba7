using Microsoft.Extensions.Hosting;

namespace Podvisor.Server.Hosting;

/// <summary>
/// Replaces the console lifetime: <c>podvisor serve</c> handles SIGINT/SIGTERM itself (freeze the store, then
/// stop the pods), which the host's own handler would pre-empt by stopping the app on the first signal.
/// </summary>
internal sealed class NoHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
