using System.Threading.Channels;
using k8s.Models;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Events;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Probes;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Serialization;
using Podvisor.Engine.Status;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;
using Podvisor.Engine.Volumes;

namespace Podvisor.Engine.Pods;

/// <summary>
/// One pod's kubelet: an actor that owns the pod's state and handles one message at a time (kubelet
/// <c>pod_workers.go</c>). Each pass computes actions with <see cref="PodActionPlanner"/>, carries them out
/// in order (a postStart hook blocks the pass, as in the kubelet), publishes status, and waits for the next
/// container exit, timer or deletion. Only this loop changes the pod's state: kills (<see cref="ContainerKiller"/>),
/// hooks, probers and timers run beside it and report back through its inbox, and while a pass waits for them the
/// loop goes on applying what arrives (<see cref="ServeWhileAsync"/>).
/// </summary>
internal sealed partial class PodWorker : IDisposable
{
    private readonly PodWorkerContext _context;
    private readonly V1Pod _pod;
    private PodDefinition _definition;
    private readonly ContainerRecord[] _records;
    private readonly Dictionary<int, IRunningContainer> _instances = [];
    private readonly Dictionary<int, CrashLoopBackOff> _backOffs = [];
    private readonly Dictionary<int, DateTimeOffset> _announcedBackOff = [];
    private readonly Channel<PodMessage> _inbox = Channel.CreateUnbounded<PodMessage>(new() { SingleReader = true });
    private readonly PodJournal _journal;
    private readonly ContainerKiller _killer;
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _passCancellation = new();

    // The deletion's grace and that of each kill under way; the one lock a pod's state needs (deletions come from other threads).
    private readonly GraceWindows _grace;
    private readonly DateTimeOffset _startTime;
    /// <summary>Per container, the image and imageID its status reports; a runtime with real images updates the id when it resolves the image.</summary>
    private readonly Dictionary<string, (string Image, string ImageId)> _images;
    private readonly PodVolumes _volumes;
    private V1PodStatus? _published;
    private V1Pod _snapshot;

    // Shared, not copied on every status: while a thousand pods started, the per-status copies were about 40 % of the
    // workers' CPU. Snapshots share the spec and metadata and are read-only. Both are the admitted pod's own (Admit
    // hands the object over): the worker never changes them in place, but copies of them (DetachSpec, DetachMetadata),
    // so a snapshot's never change under its reader; at 1000 pods a copy of each per pod was megabytes.
    private V1PodSpec _publishedSpec;
    private readonly string _qosClass;
    private V1ObjectMeta _publishedMetadata;
    private bool _initialized;
    private bool _terminal;
    private ITimer? _wakeTimer;

    public PodWorker(V1Pod pod, PodWorkerContext context)
    {
        _context = context;
        _pod = pod;
        _pod.Spec.NodeName ??= context.Options.NodeName;
        _definition = PodDefinition.From(pod);
        _records = _definition.Containers.Select(ContainerRecord.Initial).ToArray();
        var events = new EventRecorder(pod.Metadata, context.Options.NodeName, context.Time, context.Observer.OnEvent);
        _journal = new PodJournal(_definition.Namespace, _definition.Name, events, context.Observer, context.Time);
        _killer = new ContainerKiller(_journal, context.Time, context.Runtime.KillDeadlines, context.Options.Chaos);
        _grace = new GraceWindows(_definition.TerminationGracePeriodSeconds);
        _startTime = context.Time.GetUtcNow();
        _images = new(ImageInfo.For(_definition, context.Images), StringComparer.Ordinal);
        _volumes = PodVolumes.For(
            pod,
            context.Options.StateDirectory,
            context.Configs,
            new PodFieldContext(pod.Metadata, context.Options.NodeName, pod.Spec.ServiceAccountName ?? "default", context.Options.PodIp, context.Options.PodIp),
            context.Time);
        _snapshot = pod;
        _publishedSpec = pod.Spec;
        _publishedMetadata = pod.Metadata;
        _qosClass = QosClassifier.Classify(pod.Spec);
    }

    public string Namespace => _definition.Namespace;

    public string Name => _definition.Name;

    /// <summary>The latest published Pod object.</summary>
    public V1Pod Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Completes when the pod is terminal and nothing will restart, or it was removed.</summary>
    public Task Settled => _settled.Task;

    /// <summary>Completes when the pod object is gone (deleted and every container stopped).</summary>
    public Task Removed => _removed.Task;

    /// <summary>Requests graceful deletion; thread-safe. A later request may only shorten the grace period.</summary>
    public void RequestDelete(long? gracePeriodSeconds)
    {
        if (!_grace.Delete(gracePeriodSeconds, _context.Time.GetUtcNow()))
        {
            return;
        }

        // A pass blocked in a postStart hook gives way to termination, as the kubelet cancels its sync context.
        _passCancellation.Cancel();
        _inbox.Writer.TryWrite(PodMessage.DeleteRequested.Instance);
    }

    public void Dispose() => _passCancellation.Dispose();

    public async Task RunAsync()
    {
        try
        {
            Admit();
            await MountVolumesAsync().ConfigureAwait(false);
            await RunSandboxAsync().ConfigureAwait(false);
            await LoopAsync().ConfigureAwait(false);
        }
        finally
        {
            _wakeTimer?.Dispose();
            DisposeProbers();
            foreach (var instance in _instances.Values)
            {
                await instance.DisposeAsync().ConfigureAwait(false);
            }

            await ReleaseSandboxAsync().ConfigureAwait(false);
            await _volumes.RemoveAsync(_context.Directories).ConfigureAwait(false);
            _settled.TrySetResult();
            _removed.TrySetResult();
        }
    }

    private void Admit()
    {
        Timeline(null, TimelineStep.PodAdmitted, $"node {_context.Options.NodeName}");
        CreateProbers();
        _journal.Event(null, EventType.Normal, EventReasons.Scheduled, $"Successfully assigned {Namespace}/{Name} to {_context.Options.NodeName}");
        Publish();
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            if (_grace.Deletion is { } deletion)
            {
                await TerminateAsync(deletion).ConfigureAwait(false);
                return;
            }

            var acted = !_terminal && await SyncAsync().ConfigureAwait(false);
            Publish();

            // A pass that started containers is followed by another at once (the kubelet's next sync), since
            // a start may have failed or finished in the meantime; otherwise wait for something to happen.
            if (!acted)
            {
                // A probe result that changed nothing needs no pass and no status write (probes tick every period).
                while (!Apply(await _inbox.Reader.ReadAsync().ConfigureAwait(false)))
                {
                }
            }

            while (_inbox.Reader.TryRead(out var message))
            {
                Apply(message);
            }
        }
    }

    /// <summary>One sync pass; returns whether it started anything.</summary>
    private async Task<bool> SyncAsync()
    {
        var now = _context.Time.GetUtcNow();
        var actions = PodActionPlanner.Compute(_definition, _records, _initialized, BackOffOf, now);
        if (actions.ToKill.Count > 0 || actions.ToReplace.Count > 0)
        {
            if (actions.ToReplace.Count > 0)
            {
                await KillForSpecChangeAsync(actions.ToReplace).ConfigureAwait(false);
            }

            if (actions.ToKill.Count > 0)
            {
                await KillForProbesAsync(actions.ToKill).ConfigureAwait(false);
            }
            return true;
        }

        if (actions.Finish)
        {
            await FinishAsync().ConfigureAwait(false);
            return false;
        }

        try
        {
            foreach (var container in actions.ToStart)
            {
                await StartContainerAsync(container, _passCancellation.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_passCancellation.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            RefreshImagesAfterStart();
        }

        foreach (var wait in actions.InBackOff)
        {
            EnterBackOff(wait);
        }

        var nextWake = actions.InBackOff.Select(w => (DateTimeOffset?)w.Until).Min();
        ScheduleWake(nextWake);
        return actions.ToStart.Count > 0;
    }

    /// <summary>
    /// Waits for <paramref name="work"/> (kills, a postStart hook), applying every message that carries state as it
    /// arrives, in order: each kill's exit is recorded as the kill reports it (which is what lets a sidecar's turn come),
    /// and exits, probe results and spec updates are not held back. What the API shows meanwhile is what the kubelet's
    /// status manager shows while its pod worker is busy: the prober manager hands it readiness and startup results
    /// directly (pkg/kubelet/prober/prober_manager.go: <c>SetContainerReadiness</c>, <c>SetContainerStartup</c>), so
    /// those publish at once (a draining container turns <c>ready: false</c>, docs/kubelet-behaviour.md §4.3); the
    /// rest shows with the next status, as the kubelet's shows at its next pass. A wake-up or deletion only asks for a
    /// pass: it is kept for the pass that follows the work.
    /// </summary>
    /// <param name="heldExitOf">
    /// The instance whose postStart hook is the work: its exit waits for the hook, since a container is reported only
    /// once its postStart hook returned (kuberuntime_container.go <c>startContainer</c>).
    /// </param>
    private async Task ServeWhileAsync(Task work, string? heldExitOf = null)
    {
        var kept = new List<PodMessage>();
        Task<bool>? readable = null;
        while (!work.IsCompleted)
        {
            readable ??= _inbox.Reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(work, readable).ConfigureAwait(false) == work)
            {
                break;
            }

            readable = null;
            var publish = false;
            while (_inbox.Reader.TryRead(out var message))
            {
                if (message is PodMessage.Wake or PodMessage.DeleteRequested
                    || (message is PodMessage.ContainerExited exited && exited.ContainerId == heldExitOf))
                {
                    kept.Add(message);
                    continue;
                }

                publish |= Apply(message) && message is PodMessage.ProbeCompleted { Kind: ProbeKind.Readiness or ProbeKind.Startup };
            }

            if (publish)
            {
                Publish();
            }
        }

        foreach (var message in kept.Distinct())
        {
            _inbox.Writer.TryWrite(message);
        }

        await work.ConfigureAwait(false);
    }

    /// <summary>Applies a message; returns false only when it changed nothing the next pass could act on.</summary>
    private bool Apply(PodMessage message)
    {
        switch (message)
        {
            case PodMessage.ContainerExited exited:
                RecordExit(exited.Index, exited.ContainerId, exited.Exit);
                return true;
            case PodMessage.KillFinished killed:
                RecordExit(killed.Outcome.Index, killed.Outcome.ContainerId, killed.Outcome.Exit);
                killed.Applied.TrySetResult();
                return true;
            case PodMessage.ProbeCompleted probed:
                return ApplyProbe(probed);
            case PodMessage.SpecUpdated updated:
                return ApplySpecUpdate(updated);
            default:
                return true;
        }
    }

    private CrashLoopBackOff BackOffOf(ContainerDefinition container)
    {
        if (!_backOffs.TryGetValue(container.Index, out var backOff))
        {
            backOff = new CrashLoopBackOff();
            _backOffs[container.Index] = backOff;
        }

        return backOff;
    }

    private void ScheduleWake(DateTimeOffset? at)
    {
        _wakeTimer?.Dispose();
        _wakeTimer = null;
        if (at is not { } due)
        {
            return;
        }

        _wakeTimer = DeadlineTimer.Arm(_context.Time, due, () => _inbox.Writer.TryWrite(PodMessage.Wake.Instance));
    }

    private void Publish()
    {
        var status = PodStatusGenerator.Generate(new PodStatusInput(
            _definition,
            _records,
            _published,
            _terminal,
            _startTime,
            _context.Time.GetUtcNow(),
            _context.Options.PodIp,
            _context.Options.PodIp,
            _qosClass,
            _images));
        _published = status;
        RefreshProbeTargets();
        var copy = new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = _publishedMetadata, Spec = _publishedSpec, Status = status };
        Volatile.Write(ref _snapshot, copy);
        _context.Observer.OnPodStatus(copy);
    }

    /// <summary>Before the worker changes metadata that snapshots share: it goes on with a copy of its own.</summary>
    private void DetachMetadata()
    {
        if (ReferenceEquals(_pod.Metadata, _publishedMetadata))
        {
            _pod.Metadata = ModelSerializer.Copy(_pod.Metadata);
        }
    }

    private void Timeline(ContainerDefinition? container, TimelineStep step, string detail) => _journal.Step(container, step, detail);

    private void Timeline(ContainerDefinition? container, TimelineStep step, TimelinePayload payload) => _journal.Step(container, step, payload);

    private static ContainerExitedPayload ExitedPayload(ContainerExit exit) =>
        new(exit.ExitCode, exit.Signal is { } signal ? Signals.NameOf(signal) : null, exit.Reason);

    private void Record(ContainerDefinition container, EventType type, string reason, string message) =>
        _journal.Event(container, type, reason, message);
}
