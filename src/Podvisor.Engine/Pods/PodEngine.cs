using System.Net.Security;
using k8s.Models;
using Podvisor.Engine.Config;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Images;
using Podvisor.Engine.Probes;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Volumes;

namespace Podvisor.Engine.Pods;

/// <summary>
/// The engine's front door: admits pods (one worker each), deletes them as the API would, and
/// reports completion. Both <c>podvisor run</c> and <c>podvisor serve</c> drive it.
/// </summary>
public sealed class PodEngine : IAsyncDisposable
{
    private readonly PodWorkerContext _context;
    private readonly HttpClient _hookClient;
    private readonly ProbeNetwork _probeNetwork;
    private readonly List<(PodWorker Worker, Task Run)> _workers = [];

    // The same workers by (namespace, name): admitting, deleting and finding a pod is O(1), not a scan of every pod
    // (admitting 5000 pods scanned 12.5 million entries).
    private readonly Dictionary<(string Namespace, string Name), (PodWorker Worker, Task Run)> _byName = [];
    private readonly DirectoryRemover _directories = new();
    private readonly object _gate = new();

    /// <summary>An engine that runs pods on <paramref name="runtime"/>, reporting every step to <paramref name="observer"/>.</summary>
    /// <param name="configs">The ConfigMaps and Secrets pods may refer to; none when null.</param>
    public PodEngine(IContainerRuntime runtime, IImageCatalog images, IEngineObserver observer, EngineOptions options, TimeProvider time, IConfigSource? configs = null)
        : this(runtime, images, observer, options, time, probeNetwork: null, configs)
    {
    }

    /// <param name="probeNetwork">The network side of probes; the real one unless a test scripts it.</param>
    /// <param name="configs">The ConfigMaps and Secrets pods may refer to; none when null.</param>
    /// <param name="hooks">The hook handlers; the real ones unless a test scripts them.</param>
    internal PodEngine(IContainerRuntime runtime, IImageCatalog images, IEngineObserver observer, EngineOptions options, TimeProvider time, IProbeNetwork? probeNetwork, IConfigSource? configs = null, IHookRunner? hooks = null)
    {
        _hookClient = CreateHookClient();
        _probeNetwork = new ProbeNetwork(time);
        var probes = new ProbeRunner(probeNetwork ?? _probeNetwork, options.PodIp);
        _context = new PodWorkerContext(runtime, images, hooks ?? new HookRunner(_hookClient, time), observer, options, time, probes)
        {
            Configs = configs ?? EmptyConfigSource.Instance,
            Directories = _directories,
        };
    }

    /// <summary>
    /// Starts running a validated, defaulted pod. The engine takes the object: its snapshots share its spec, so the
    /// caller reads it from then on and never changes it.
    /// </summary>
    public void Admit(V1Pod pod)
    {
        var worker = new PodWorker(pod, _context);
        lock (_gate)
        {
            if (_byName.ContainsKey((worker.Namespace, worker.Name)))
            {
                worker.Dispose();
                throw new InvalidOperationException($"pods \"{worker.Name}\" already exists");
            }

            var entry = (worker, Task.Run(worker.RunAsync));
            _workers.Add(entry);
            _byName[(worker.Namespace, worker.Name)] = entry;
        }
    }

    /// <summary>
    /// Requests graceful deletion as <c>DELETE .../pods/NAME</c> would: <paramref name="gracePeriodSeconds"/>
    /// overrides the pod's <c>terminationGracePeriodSeconds</c> (it may only shorten an earlier one); 0 kills at once.
    /// Returns once the deletion is recorded, not when the pod is gone.
    /// </summary>
    public void Delete(string podNamespace, string name, long? gracePeriodSeconds = null)
    {
        var worker = Find(podNamespace, name) ?? throw new KeyNotFoundException($"pods \"{name}\" not found");
        worker.RequestDelete(gracePeriodSeconds);
    }

    /// <summary>
    /// Applies an accepted update of a pod's spec (<c>PUT</c>/<c>PATCH .../pods/NAME</c>): of the fields the API lets
    /// change, the engine acts on container and init container images; a running container whose image changed is
    /// killed (grace period, preStop) and started again on the new image, as the kubelet does. Returns once queued.
    /// </summary>
    public void UpdateSpec(string podNamespace, string name, V1PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var worker = Find(podNamespace, name) ?? throw new KeyNotFoundException($"pods \"{name}\" not found");
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in (spec.InitContainers ?? []).Concat(spec.Containers ?? []))
        {
            if (!string.IsNullOrEmpty(container.Name) && !string.IsNullOrEmpty(container.Image))
            {
                images[container.Name] = container.Image;
            }
        }

        worker.RequestSpecUpdate(images);
    }

    /// <summary>Deletes every pod (see <see cref="Delete"/>).</summary>
    public void DeleteAll(long? gracePeriodSeconds = null)
    {
        foreach (var worker in Workers())
        {
            worker.RequestDelete(gracePeriodSeconds);
        }
    }

    /// <summary>
    /// Waits until the worker of a pod (deleted, or never to run again) has finished, then forgets it so that the
    /// name can be admitted again, as the API allows after a deletion. Used by <c>podvisor serve</c>.
    /// </summary>
    public async Task ForgetAsync(string podNamespace, string name)
    {
        (PodWorker Worker, Task Run) entry;
        lock (_gate)
        {
            if (!_byName.TryGetValue((podNamespace, name), out entry))
            {
                return;
            }
        }

        await entry.Run.ConfigureAwait(false);
        lock (_gate)
        {
            _workers.Remove(entry);
            if (_byName.TryGetValue((podNamespace, name), out var current) && current.Worker == entry.Worker)
            {
                _byName.Remove((podNamespace, name));
            }
        }

        entry.Worker.Dispose();
    }

    /// <summary>Whether a worker for this pod exists (running, terminating, or finished but not forgotten).</summary>
    public bool Has(string podNamespace, string name) => Find(podNamespace, name) is not null;

    /// <summary>Completes when every pod admitted so far is terminal and nothing will restart, or was deleted and is gone.</summary>
    public Task WhenAllSettled => Task.WhenAll(Workers().Select(w => w.Settled));

    /// <summary>Completes when every pod admitted so far was deleted and is gone.</summary>
    public Task WhenAllRemoved => Task.WhenAll(Workers().Select(w => w.Removed));

    /// <summary>The latest snapshot of every pod admitted, in admission order (deleted ones with their final status).</summary>
    public IReadOnlyList<V1Pod> Pods => Workers().Select(w => w.Snapshot).ToList();

    /// <summary>Stops everything still running at once (grace 0), so that no process outlives the engine.</summary>
    public async ValueTask DisposeAsync()
    {
        List<(PodWorker Worker, Task Run)> workers;
        lock (_gate)
        {
            workers = [.. _workers];
        }

        foreach (var (worker, _) in workers)
        {
            worker.RequestDelete(0);
        }

        await Task.WhenAll(workers.Select(w => w.Run)).ConfigureAwait(false);
        foreach (var (worker, _) in workers)
        {
            worker.Dispose();
        }

        // Every worker has finished, so every removal it asked for is done; this ends the remover's threads.
        _directories.Dispose();
        _hookClient.Dispose();
        _probeNetwork.Dispose();
    }

    private PodWorker? Find(string podNamespace, string name)
    {
        lock (_gate)
        {
            return _byName.TryGetValue((podNamespace, name), out var entry) ? entry.Worker : null;
        }
    }

    private List<PodWorker> Workers()
    {
        lock (_gate)
        {
            return _workers.Select(w => w.Worker).ToList();
        }
    }

    /// <summary>The kubelet's lifecycle HTTP client: no request timeout, TLS not verified, no proxy.</summary>
    private static HttpClient CreateHookClient()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = true,
            PooledConnectionLifetime = TimeSpan.Zero,
#pragma warning disable CA5359 // The kubelet skips TLS verification for lifecycle hooks (InsecureSkipVerify).
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
