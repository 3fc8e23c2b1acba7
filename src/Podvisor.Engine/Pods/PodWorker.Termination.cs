using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Probes;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Engine.Pods;

/// <summary>Pod termination and the kills a pass starts; each container's kill is <see cref="ContainerKiller"/>'s (kubelet <c>killContainer</c>, docs/kubelet-behaviour.md §3–§4).</summary>
internal sealed partial class PodWorker
{
    private async Task TerminateAsync(GraceWindow deletion)
    {
        _wakeTimer?.Dispose();
        var now = _context.Time.GetUtcNow();
        var alreadyTerminal = _terminal;

        // The apiserver: deletionTimestamp = now + grace; a pod already in a terminal phase is removed at once.
        DetachMetadata();
        _pod.Metadata.DeletionGracePeriodSeconds = alreadyTerminal ? 0 : deletion.Seconds;
        _pod.Metadata.DeletionTimestamp = (alreadyTerminal ? now : now + TimeSpan.FromSeconds(deletion.Seconds)).UtcDateTime;
        _publishedMetadata = _pod.Metadata;
        Timeline(null, TimelineStep.DeletionRequested, new DeletionRequestedPayload(deletion.Seconds));
        Publish();

        if (!alreadyTerminal)
        {
            await KillAllAsync(deletion).ConfigureAwait(false);
            await RunDeferContainersAsync(deletion).ConfigureAwait(false);
            _terminal = true;
            Publish();
            Timeline(null, TimelineStep.PodTerminated, Snapshot.Status.Phase);
        }

        _settled.TrySetResult();
        await ReleaseSandboxAsync().ConfigureAwait(false);
        await _volumes.RemoveAsync(_context.Directories).ConfigureAwait(false);
        Timeline(null, TimelineStep.PodRemoved, string.Empty);
        _removed.TrySetResult();
    }

    /// <summary>Every regular container has exited for good (or init failed under Never): stop the rest, go terminal.</summary>
    private async Task FinishAsync()
    {
        // Registered as a container kill, so a deletion arriving meanwhile shortens the defer phase too.
        var window = _grace.OpenKill(_definition.TerminationGracePeriodSeconds, _context.Time.GetUtcNow());
        try
        {
            await KillAllAsync(window).ConfigureAwait(false);
            await RunDeferContainersAsync(window).ConfigureAwait(false);
        }
        finally
        {
            _grace.CloseKill(window);
        }

        // Nothing will start again: the kubelet stops a terminal pod's sandbox (its PID 1, the shared namespace).
        await ReleaseSandboxAsync().ConfigureAwait(false);
        _terminal = true;
        Publish();
        Timeline(null, TimelineStep.PodTerminated, Snapshot.Status.Phase);
        _settled.TrySetResult();
    }

    /// <summary>
    /// Kills every running container concurrently, one task each, as <c>killContainersWithSyncResult</c> does.
    /// With sidecars (kuberuntime_termination_order.go) each sidecar's stop signal waits until every app
    /// container and every later sidecar has stopped, so sidecars go last, in reverse spec order. A container has
    /// stopped for its sidecars once this loop recorded its exit.
    /// </summary>
    private async Task KillAllAsync(GraceWindow window)
    {
        // One start for every kill: they run concurrently, and a sidecar's turn is measured from here.
        var start = _context.Time.GetUtcNow();
        var kills = new List<Task>();
        foreach (var record in _records.Where(r => r.Definition.Kind != ContainerKind.Sidecar))
        {
            if (record.Current is { IsRunning: true } && _instances.TryGetValue(record.Definition.Index, out var instance))
            {
                kills.Add(StartKill(record.Definition, instance, message: null, window, turn: null, start));
            }
        }

        var turn = Task.WhenAll(kills);
        foreach (var record in _records.Where(r => r.Definition.Kind == ContainerKind.Sidecar).Reverse())
        {
            if (record.Current is { IsRunning: true } && _instances.TryGetValue(record.Definition.Index, out var instance))
            {
                var kill = StartKill(record.Definition, instance, message: null, window, turn, start);
                kills.Add(kill);
                turn = Task.WhenAll(turn, kill);
            }
        }

        await ServeWhileAsync(Task.WhenAll(kills)).ConfigureAwait(false);
    }

    /// <summary>SyncPod step 3: kill the containers whose liveness or startup probe failed, concurrently.</summary>
    private Task KillForProbesAsync(IReadOnlyList<ProbeKill> kills) =>
        KillRunningAsync(kills.Select(kill =>
        {
            // setTerminationGracePeriod: the failing probe's own grace period, if set, wins over the pod's.
            var probe = kill.Probe == ProbeKind.Liveness ? kill.Container.Liveness : kill.Container.Startup;
            return new ContainerKillRequest(
                kill.Container,
                kill.Message,
                KillPlanner.ProbeKillGraceSeconds(_definition.TerminationGracePeriodSeconds, probe?.TerminationGracePeriodSeconds),
                (record, id) => record with { ProbeKilledContainerId = id });
        }));

    /// <summary>
    /// Kills running containers concurrently (killContainer for each), marking each record with the instance it
    /// kills so the planner knows why it exited; the loop keeps applying what arrives meanwhile.
    /// </summary>
    private async Task KillRunningAsync(IEnumerable<ContainerKillRequest> requests)
    {
        var kills = new List<Task>();
        var windows = new List<GraceWindow>();
        foreach (var request in requests)
        {
            var index = request.Container.Index;
            var record = _records[index];
            if (record.Current is not { } current || !_instances.TryGetValue(index, out var instance))
            {
                continue;
            }

            _records[index] = request.Mark(record, current.ContainerId);
            var window = _grace.OpenKill(request.GracePeriodSeconds, _context.Time.GetUtcNow());
            windows.Add(window);
            kills.Add(StartKill(request.Container, instance, request.Message, window, turn: null, start: null));
        }

        try
        {
            await ServeWhileAsync(Task.WhenAll(kills)).ConfigureAwait(false);
        }
        finally
        {
            windows.ForEach(_grace.CloseKill);
        }
    }

    /// <summary>
    /// Starts one container's kill (<see cref="ContainerKiller"/>, which runs beside this loop and never touches its
    /// state). Its outcome comes back as a <see cref="PodMessage.KillFinished"/>; the returned task completes once the
    /// loop has applied it, so whoever waits for it must do so through <see cref="ServeWhileAsync"/>.
    /// </summary>
    /// <param name="start">When the pod's kill began (all its containers' kills start together), else null: when this one begins.</param>
    private Task StartKill(ContainerDefinition container, IRunningContainer instance, string? message, GraceWindow window, Task? turn, DateTimeOffset? start)
    {
        // Taken now, on the loop: the hook runs with the pod as it is when its kill begins.
        var pod = _definition;
        var order = new KillOrder(
            container,
            instance,
            ContainerIdOf(instance),
            message,
            window,
            StopSignalOf(container, instance),
            container.PreStop is { } preStop ? cancel => RunHookAsync(Chaos.HookPhase.PreStop, pod, container, preStop, instance, cancel) : null,
            turn,
            start);
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = ReportKillAsync(_killer.KillAsync(order), applied);
        return applied.Task;
    }

    /// <summary>Hands a kill's outcome to the loop; a kill that failed fails whoever waits for it, as an awaited kill would.</summary>
    private async Task ReportKillAsync(Task<KillOutcome> kill, TaskCompletionSource applied)
    {
        try
        {
            _inbox.Writer.TryWrite(new PodMessage.KillFinished(await kill.ConfigureAwait(false), applied));
        }
        catch (Exception ex)
        {
            applied.TrySetException(ex);
        }
    }

    private int StopSignalOf(ContainerDefinition container, IRunningContainer instance)
    {
        if (container.Spec.Lifecycle?.StopSignal is null && instance is IRuntimeStopSignal { DefaultStopSignal: { } chosen })
        {
            return chosen;
        }

        var name = container.Spec.Lifecycle?.StopSignal ?? _context.Images.Find(container.Image)?.StopSignal;
        return name is not null && Signals.TryParse(name, out var signal) ? signal : Signals.SigTerm;
    }
}
