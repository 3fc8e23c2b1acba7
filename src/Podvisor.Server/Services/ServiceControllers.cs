using Podvisor.Server.Api;
using Podvisor.Server.Proxy;
using Podvisor.Server.Store;

namespace Podvisor.Server.Services;

/// <summary>
/// Runs the endpointslice controller and feeds the local proxy beside the API, as kube-controller-manager and
/// kube-proxy run beside the apiserver: one loop that syncs after any change to pods, Services or EndpointSlices,
/// and at least every <see cref="ResyncPeriod"/> (so an endpoint's removal delay ends on time without a change).
/// </summary>
internal sealed class ServiceControllers : IAsyncDisposable
{
    /// <summary>kube-proxy's <c>--iptables-min-sync-period</c> default, 1 s: here the longest a pass waits without a change.</summary>
    public static readonly TimeSpan ResyncPeriod = TimeSpan.FromSeconds(1);

    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly EndpointSliceController _slices;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public ServiceControllers(ObjectStore store, ServiceProxy proxy, TimeProvider time)
    {
        _store = store;
        _time = time;
        Proxy = proxy;
        _slices = new EndpointSliceController(store);
    }

    public ServiceProxy Proxy { get; }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>One pass: the slices from the pods, then the proxy from the slices.</summary>
    public async Task SyncOnceAsync()
    {
        _slices.SyncAll();
        var services = _store.List(ServiceKinds.Services, null).Items;
        var slices = _store.List(ServiceKinds.EndpointSlices, null).Items;
        await Proxy.ApplyAsync(ProxyRules.From(services, slices)).ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await Proxy.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var changes = _store.Hub.Subscribe(_store.ResourceVersion);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SyncOnceAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (StoreErrors.IsRefusal(e))
            {
                // A conflict with a concurrent request; the next pass retries from the new state.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException or ArgumentException or NullReferenceException or FormatException)
            {
                await Console.Error.WriteLineAsync($"podvisor: service controllers: {e}").ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(ResyncPeriod, _time);
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                while (true)
                {
                    var change = await changes.Changes.ReadAsync(tick.Token).ConfigureAwait(false);
                    if (change.Kind == ResourceKind.Pods || change.Kind == ServiceKinds.Services || change.Kind == ServiceKinds.EndpointSlices)
                    {
                        break;
                    }
                }

                while (changes.Changes.TryRead(out _))
                {
                }
            }
            catch (OperationCanceledException)
            {
                // The resync period passed, or the server stops.
            }
        }
    }
}
