using Podvisor.Server.Api;
using Podvisor.Server.Apps;
using Podvisor.Server.Controllers.Deployments;
using Podvisor.Server.Controllers.ReplicaSets;
using Podvisor.Server.Store;

namespace Podvisor.Server.Controllers;

/// <summary>
/// Runs the Deployment, ReplicaSet and garbage-collection controllers beside the API, as kube-controller-manager
/// runs beside the apiserver: one loop that syncs everything after any change to pods, ReplicaSets or
/// Deployments, and at least every <see cref="ResyncPeriod"/> (so <c>minReadySeconds</c> availability and
/// progress deadlines are noticed without a change). One pass at a time: the passes read the store directly.
/// </summary>
internal sealed class WorkloadControllers : IAsyncDisposable
{
    /// <summary>How often a pass runs without a change: the finest granularity of minReadySeconds and deadlines here.</summary>
    public static readonly TimeSpan ResyncPeriod = TimeSpan.FromSeconds(1);

    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly ReplicaSetController _replicaSets;
    private readonly DeploymentController _deployments;
    private readonly GarbageCollector _collector;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public WorkloadControllers(ObjectStore store, PodService pods, AppsService apps, TimeProvider time)
    {
        _store = store;
        _time = time;
        var events = new ControllerEvents(store, time);
        _replicaSets = new ReplicaSetController(store, pods, events, time);
        _deployments = new DeploymentController(store, apps, events, time);
        _collector = new GarbageCollector(store, pods);
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>One pass of every controller (also what tests call directly).</summary>
    public void SyncOnce()
    {
        _collector.Collect();
        _deployments.SyncAll();
        _replicaSets.SyncAll();
    }

    /// <summary>Stops the loop: from now on nothing creates or deletes pods (the server is shutting down).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var changes = _store.Hub.Subscribe(_store.ResourceVersion);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                SyncOnce();
            }
            catch (Exception e) when (StoreErrors.IsRefusal(e))
            {
                // A conflict with a concurrent request; the next pass retries from the new state.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException or ArgumentException or NullReferenceException)
            {
                // A bug must not stop the controllers for good: say it, and retry at the next pass.
                await Console.Error.WriteLineAsync($"podvisor: workload controllers: {e}").ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(ResyncPeriod, _time);
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                while (true)
                {
                    var change = await changes.Changes.ReadAsync(tick.Token).ConfigureAwait(false);
                    if (change.Kind == ResourceKind.Pods || change.Kind == ResourceKind.ReplicaSets || change.Kind == ResourceKind.Deployments)
                    {
                        break;
                    }
                }

                // Take the rest of a burst in the same pass.
                while (changes.Changes.TryRead(out _))
                {
                }
            }
            catch (OperationCanceledException)
            {
                // The resync period passed, or the server stops (checked by the loop).
            }
        }
    }
}
