using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s.Models;
using Podvisor.Engine.Pods;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Serialization;
using Podvisor.Engine.Timeline;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Hosting;

/// <summary>
/// Joins the store and the engine (the engine is fed pods, not wired to the store). The store is the
/// source of desired pods: created pods are admitted, deleted ones deleted. The controller is also the
/// engine's sink: status snapshots and events are queued and written back by one writer, in the order the
/// engine reported them, so watches see every transition. The engine never sees SQLite or HTTP.
/// </summary>
internal sealed class PodController : IEngineObserver, IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly Channel<Action> _writes = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<(string Namespace, string Name), Task> _removals = new();
    private readonly Task _writer;
    private PodEngine? _engine;
    private volatile bool _frozen;

    public PodController(ObjectStore store)
    {
        _store = store;
        _writer = Task.Run(WriteLoopAsync);
    }

    private PodEngine Engine => _engine ?? throw new InvalidOperationException("the controller has not been started");

    /// <summary>Attaches the engine; requests may create and delete pods from now on.</summary>
    public void Attach(PodEngine engine) => _engine = engine;

    /// <summary>
    /// Reconciles with what the store holds from an earlier run. The process runtime's guard killed every
    /// container when the previous server stopped (even on SIGKILL), so there is nothing to adopt: as the
    /// kubelet after a node reboot, pods that were running are started again, pods already terminal stay as
    /// they are, and pods whose deletion was under way are removed (their grace is over).
    /// </summary>
    public void Reconcile()
    {
        foreach (var pod in _store.List(ResourceKind.Pods, null).Items)
        {
            var ns = ObjectMetadata.Namespace(pod);
            var name = ObjectMetadata.Name(pod);
            if (ObjectMetadata.Of(pod)["deletionTimestamp"] is not null)
            {
                TryDelete(ns, name, ObjectMetadata.Uid(pod));
            }
            else if (!IsTerminal(pod) && !Engine.Has(ns, name))
            {
                Admit(pod);
            }
        }
    }

    /// <summary>Hands a newly stored pod to the engine (after the old worker of a same-named pod is gone).</summary>
    public void Admit(JsonObject stored)
    {
        var pod = ModelSerializer.Deserialize<V1Pod>(stored.ToJsonString());
        var key = (pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        if (!Engine.Has(key.NamespaceProperty, key.Name))
        {
            Engine.Admit(pod);
            return;
        }

        _ = AdmitAfterForgetAsync(pod);
    }

    /// <summary>
    /// Starts the engine's termination of a pod whose <c>deletionTimestamp</c> the store has set; the object is
    /// removed (DELETED) once every container is stopped, after the final status is written.
    /// </summary>
    public void BeginDelete(string ns, string name, string? uid, long gracePeriodSeconds)
    {
        if (!Engine.Has(ns, name))
        {
            TryDelete(ns, name, uid);
            return;
        }

        Engine.Delete(ns, name, gracePeriodSeconds);
        _removals.GetOrAdd((ns, name), key => FinishDeleteAsync(key.Namespace, key.Name, uid));
    }

    /// <summary>Hands the engine a stored pod's updated spec (a new container image restarts that container).</summary>
    public void UpdateSpec(JsonObject stored)
    {
        var ns = ObjectMetadata.Namespace(stored);
        var name = ObjectMetadata.Name(stored);
        if (IsTerminal(stored) || ObjectMetadata.Of(stored)["deletionTimestamp"] is not null || !Engine.Has(ns, name))
        {
            return;
        }

        var spec = ModelSerializer.Deserialize<V1PodSpec>(stored["spec"]?.ToJsonString() ?? "{}");
        try
        {
            Engine.UpdateSpec(ns, name, spec);
        }
        catch (KeyNotFoundException)
        {
            // Forgotten between the check and the call: a deleted pod has nothing to restart.
        }
    }

    /// <summary>After an immediate (grace 0) removal from the store: kill what still runs.</summary>
    public void Kill(string ns, string name)
    {
        if (Engine.Has(ns, name))
        {
            Engine.Delete(ns, name, 0);
            _ = ForgetInBackgroundAsync(Engine, ns, name);
        }
    }

    /// <summary>Stops recording engine reports, so that shutting the pods down leaves their stored state as it was.</summary>
    public void Freeze() => _frozen = true;

    public void OnPodStatus(V1Pod pod)
    {
        if (_frozen)
        {
            return;
        }

        var status = JsonNode.Parse(ModelSerializer.Serialize(pod.Status));
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        var uid = pod.Metadata.Uid;
        _writes.Writer.TryWrite(() => WriteStatus(ns, name, uid, status));
    }

    public void OnEvent(Corev1Event @event)
    {
        if (_frozen)
        {
            return;
        }

        var json = JsonNode.Parse(ModelSerializer.Serialize(@event))!.AsObject();
        _writes.Writer.TryWrite(() => _store.Upsert(ResourceKind.Events, json));
    }

    public void OnTimeline(TimelineEntry entry)
    {
    }

    public void OnLogLine(ContainerLogLine line)
    {
    }

    /// <summary>Stops writing; the engine must have been disposed first so that no report is lost.</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    /// <summary>Runs in the background; what goes wrong is said on stderr, since no request waits for it.</summary>
    private async Task AdmitAfterForgetAsync(V1Pod pod)
    {
        try
        {
            await Engine.ForgetAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name).ConfigureAwait(false);
            Engine.Admit(pod);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // A second pod of the name admitted meanwhile, or the server shutting down: the stored pod is not run.
            await Console.Error.WriteLineAsync($"podvisor: pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} not run: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>Runs in the background after an immediate removal: the store no longer has the pod, so only stderr can say a failure.</summary>
    private static async Task ForgetInBackgroundAsync(PodEngine engine, string ns, string name)
    {
        try
        {
            await engine.ForgetAsync(ns, name).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            await Console.Error.WriteLineAsync($"podvisor: pod {ns}/{name}: stopping it failed: {e.Message}").ConfigureAwait(false);
        }
    }

    private async Task FinishDeleteAsync(string ns, string name, string? uid)
    {
        try
        {
            await Engine.ForgetAsync(ns, name).ConfigureAwait(false);
        }
        finally
        {
            // Queued behind the worker's last status, so the DELETED event carries the final state.
            _writes.Writer.TryWrite(() =>
            {
                if (_frozen)
                {
                    return;
                }

                _removals.TryRemove((ns, name), out _);
                TryDelete(ns, name, uid);
            });
        }
    }

    private void WriteStatus(string ns, string name, string? uid, JsonNode? status)
    {
        try
        {
            _store.Update(ResourceKind.Pods, ns, name, current =>
            {
                // A same-named pod created after a deletion must not get the old worker's status.
                if (ObjectMetadata.Uid(current) != uid || JsonNode.DeepEquals(current["status"], status))
                {
                    return null;
                }

                current["status"] = status?.DeepClone();
                return current;
            });
        }
        catch (Exception e) when (StoreErrors.IsNotFound(e))
        {
            // Deleted with grace 0 while the engine was still reporting.
        }
    }

    private void TryDelete(string ns, string name, string? uid)
    {
        try
        {
            _store.Delete(ResourceKind.Pods, ns, name, current =>
            {
                if (uid is not null && ObjectMetadata.Uid(current) != uid)
                {
                    throw ApiStatus.Conflict("pods", name, "the UID in the precondition does not match");
                }
            });
        }
        catch (Exception e) when (StoreErrors.IsRefusal(e))
        {
            // Already gone, or replaced by a new pod of the same name.
        }
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var write in _writes.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                write();
            }
            catch (Exception e) when (StoreErrors.IsRefusal(e) || e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                await Console.Error.WriteLineAsync($"podvisor: could not store an engine report: {e.Message}").ConfigureAwait(false);
            }
        }
    }

    internal static bool IsTerminal(JsonObject pod) => (string?)pod["status"]?["phase"] is "Succeeded" or "Failed";
}
