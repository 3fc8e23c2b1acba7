using Podvisor.Engine.Containers;

namespace Podvisor.Engine.Planning;

/// <summary>
/// Decides the next actions for a pod from its spec and the container records alone (kubelet
/// <c>computePodActions</c>); pure, so every rule is a table test.
/// </summary>
internal static class PodActionPlanner
{
    /// <param name="initialized">A regular container has started once: init containers never run again.</param>
    /// <param name="backOffOf">The back-off entry of a container, read but not advanced here.</param>
    public static PodActions Compute(
        PodDefinition pod,
        IReadOnlyList<ContainerRecord> records,
        bool initialized,
        Func<ContainerDefinition, CrashLoopBackOff> backOffOf,
        DateTimeOffset now)
    {
        // A changed spec, then a failed liveness/startup probe, is acted on before anything else in the pass; the
        // kubelet checks containerChanged first, so a container with both is killed once, for its new spec.
        var replaced = records
            .Where(r => r.Definition.Kind != ContainerKind.Init && r.Current is { IsRunning: true } current && DefinitionChanged(r.Definition, current))
            .Select(r => new DefinitionChangeKill(r.Definition))
            .ToList();
        var kills = records
            .Where(r => r.Current is { IsRunning: true, Reported: true, ProbeFailure: not null } && !replaced.Any(k => k.Container.Index == r.Definition.Index))
            .Select(r => new ProbeKill(r.Definition, r.Current!.ProbeFailure!.Value, WillRestartAfterProbeKill(r.Definition.Kind, pod.RestartPolicy)))
            .ToList();
        if (kills.Count > 0 || replaced.Count > 0)
        {
            return PodActions.Nothing with { ToKill = kills, ToReplace = replaced };
        }

        if (!initialized)
        {
            var init = ComputeInit(pod, records, backOffOf, now);
            if (init is not null)
            {
                return init;
            }
        }

        var toStart = new List<ContainerDefinition>();
        var waits = new List<BackOffWait>();
        var active = 0;
        foreach (var record in records.Where(r => r.Definition.Kind == ContainerKind.Sidecar))
        {
            // Sidecars keep running (and restarting) beside the app; they never keep the pod from completing.
            switch (Decide(pod, record, backOffOf(record.Definition), now))
            {
                case Decision.Start:
                    toStart.Add(record.Definition);
                    break;
                case Decision.Wait wait:
                    waits.Add(wait.BackOff);
                    break;
            }
        }

        foreach (var record in records.Where(r => r.Definition.Kind == ContainerKind.Regular))
        {
            switch (Decide(pod, record, backOffOf(record.Definition), now))
            {
                case Decision.Start:
                    toStart.Add(record.Definition);
                    active++;
                    break;
                case Decision.Wait wait:
                    waits.Add(wait.BackOff);
                    active++;
                    break;
                case Decision.Keep:
                    active++;
                    break;
            }
        }

        return new PodActions(toStart, waits, Finish: active == 0);
    }

    /// <summary>Returns the init-phase actions, or null once every init container has done its part.</summary>
    private static PodActions? ComputeInit(
        PodDefinition pod,
        IReadOnlyList<ContainerRecord> records,
        Func<ContainerDefinition, CrashLoopBackOff> backOffOf,
        DateTimeOffset now)
    {
        foreach (var record in records.Where(r => r.Definition.IsInit))
        {
            var definition = record.Definition;
            // The next init container starts once a sidecar is started: running, postStart done, startup probe passed.
            if (definition.Kind == ContainerKind.Sidecar && record.Current is { IsRunning: true, Reported: true } current
                && (definition.Startup is null || current.StartupSucceeded))
            {
                continue;
            }

            if (definition.Kind == ContainerKind.Init && record.Current?.Terminated is { ExitCode: 0 })
            {
                continue;
            }

            var decision = Decide(pod, record, backOffOf(definition), now);
            return decision switch
            {
                Decision.Start => new PodActions([definition], [], false),
                Decision.Wait wait => new PodActions([], [wait.BackOff], false),
                Decision.Keep => PodActions.Nothing,

                // A failed init container that may not restart fails the whole pod (restartPolicy Never).
                _ => new PodActions([], [], Finish: true),
            };
        }

        return null;
    }

    private static Decision Decide(PodDefinition pod, ContainerRecord record, CrashLoopBackOff backOff, DateTimeOffset now)
    {
        if (record.IsRunning)
        {
            return Decision.Keep.Instance;
        }

        if (record.Waiting is not null && record.SyncRetryAt is { } syncRetryAt && syncRetryAt > now)
        {
            // A failed sync (CreateContainerConfigError) is retried on the pod worker's requeue, not the container's back-off.
            return new Decision.Wait(new BackOffWait(record.Definition, syncRetryAt, TimeSpan.Zero));
        }

        var terminated = record.NewestTermination;
        if (terminated is null)
        {
            return record.Waiting is not null && backOff.IsInBackOffSince(record.WaitingSince, now, out var retryAt)
                ? new Decision.Wait(new BackOffWait(record.Definition, retryAt, backOff.Current))
                : Decision.Start.Instance;
        }

        var killedByProbe = record.ProbeKilledContainerId is { } killed && killed == terminated.ContainerId;

        // kuberuntime_manager.go: a container killed for a changed spec restarts "regardless of the restart policy".
        var killedForChange = record.ChangeKilledContainerId is { } replaced && replaced == terminated.ContainerId;
        var restart = killedForChange || (killedByProbe
            ? WillRestartAfterProbeKill(record.Definition.Kind, pod.RestartPolicy)
            : RestartRules.ShouldRestart(record.Definition.Kind, pod.RestartPolicy, terminated.ExitCode));
        if (!restart)
        {
            return Decision.Done.Instance;
        }

        return backOff.IsInBackOffSince(terminated.FinishedAt, now, out var until)
            ? new Decision.Wait(new BackOffWait(record.Definition, until, backOff.Current))
            : Decision.Start.Instance;
    }

    /// <summary>kuberuntime_manager.go <c>containerChanged</c>: the instance runs another image than the spec names.</summary>
    private static bool DefinitionChanged(ContainerDefinition definition, InstanceRecord current) =>
        current.Image is { } started && started != definition.Image;

    /// <summary>kuberuntime_manager.go: a probe kill restarts unless the pod's policy is Never (sidecars always).</summary>
    private static bool WillRestartAfterProbeKill(ContainerKind kind, PodRestartPolicy policy) =>
        kind == ContainerKind.Sidecar || policy != PodRestartPolicy.Never;

    private abstract record Decision
    {
        public sealed record Start : Decision
        {
            public static readonly Start Instance = new();
        }

        public sealed record Keep : Decision
        {
            public static readonly Keep Instance = new();
        }

        public sealed record Done : Decision
        {
            public static readonly Done Instance = new();
        }

        public sealed record Wait(BackOffWait BackOff) : Decision;
    }
}
