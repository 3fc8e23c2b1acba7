using System.Globalization;
using Podvisor.Engine.Config;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Events;
using Podvisor.Engine.Hooks;
using Podvisor.Engine.Images;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Resources;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Engine.Pods;

/// <summary>Container start (kubelet <c>startContainer</c>), exits and back-off.</summary>
internal sealed partial class PodWorker
{
    private async Task StartContainerAsync(ContainerDefinition container, CancellationToken cancellationToken)
    {
        var index = container.Index;
        var record = _records[index];
        var now = _context.Time.GetUtcNow();
        var image = _context.Images.Find(container.Image);
        if (_context.Runtime.ImageService is { } images)
        {
            // A runtime with real images applies the image's own config; the catalog is not consulted for it.
            image = null;
            if (!await EnsureImageAsync(container, images, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        else if (image is null && container.Spec.Command is not { Count: > 0 })
        {
            FailImage(container, now);
            return;
        }
        else
        {
            Record(container, EventType.Normal, EventReasons.Pulled, $"Container image \"{container.Image}\" already present on machine");
        }

        if (record.NewestTermination is { } previous)
        {
            // Only a restart advances the back-off; the first start of a container is never delayed.
            BackOffOf(container).Next(previous.FinishedAt, now);
        }

        var fields = new PodFieldContext(_pod.Metadata, _context.Options.NodeName, _pod.Spec.ServiceAccountName ?? "default", _context.Options.PodIp, _context.Options.PodIp);
        var environment = ConfigEnvironment.Resolve(container.Spec, fields, _context.Configs);
        foreach (var skipped in environment.SkippedKeys)
        {
            _journal.Event(null, EventType.Warning, ConfigMessages.InvalidEnvironmentVariableNames, skipped);
        }

        if (environment.Error is { } configError)
        {
            FailConfig(container, _records[index], now, configError);
            return;
        }

        var specVariables = environment.Variables;
        var attempt = record.StartAttempts;
        var containerId = RuntimeIds.New();
        var mounts = _volumes.MountsFor(container.Spec, out var mountProblem);
        if (mountProblem is not null)
        {
            // A subPath leading out of its volume: refused before anything is bound. makeMounts fails the kubelet's
            // generateContainerConfig, so it is CreateContainerConfigError, retried on the sync (docs/kubelet-behaviour.md §14).
            FailConfig(container, _records[index], now, mountProblem);
            return;
        }

        var launch = LaunchOf(container, image, specVariables, mounts, containerId, attempt);

        Record(container, EventType.Normal, EventReasons.Created, $"Created container: {container.Name}");
        IRunningContainer instance;
        try
        {
            instance = await Sandbox.StartContainerAsync(HoldEntrypointIfPlanned(container, launch), cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerStartException ex)
        {
            FailStart(container, record, containerId, now, ex.Message);
            return;
        }

        _instances[index] = instance;
        Record(container, EventType.Normal, EventReasons.Started, $"Started container {container.Name}");
        Timeline(container, TimelineStep.ContainerSpawned, new ContainerSpawnedPayload(instance.ProcessId, attempt));
        _records[index] = record with
        {
            Current = new InstanceRecord(ContainerIdOf(instance), attempt, instance.StartedAt, Reported: container.PostStart is null, Terminated: null) { Image = container.Image },
            LastTermination = record.NewestTermination ?? record.LastTermination,
            Waiting = null,
            StartAttempts = attempt + 1,
        };
        if (container.Kind == ContainerKind.Regular)
        {
            _initialized = true;
        }

        _ = WatchExitAsync(index, instance);
        if (container.PostStart is { } postStart)
        {
            await RunPostStartAsync(container, postStart, instance, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Timeline(container, TimelineStep.ContainerRunning, string.Empty);
        }
    }

    private async Task RunPostStartAsync(ContainerDefinition container, HookHandler postStart, IRunningContainer instance, CancellationToken cancellationToken)
    {
        Publish();
        var started = _context.Time.GetUtcNow();
        _journal.Step(container, TimelineStep.PostStartStarted, postStart.GetType().Name, started);
        var hook = RunHookAsync(Chaos.HookPhase.PostStart, _definition, container, postStart, instance, cancellationToken);

        // The hook blocks this pass, not the kubelet's status manager: other containers' readiness is still published.
        await ServeWhileAsync(hook, heldExitOf: ContainerIdOf(instance)).ConfigureAwait(false);
        var result = await hook.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var index = container.Index;
        if (result.Succeeded)
        {
            _journal.HookEnded(container, TimelineStep.PostStartSucceeded, string.Empty, result, started, _context.Time.GetUtcNow());
            if (_records[index].Current is { } current && current.ContainerId == ContainerIdOf(instance))
            {
                _records[index] = _records[index] with { Current = current with { Reported = true } };
                Timeline(container, TimelineStep.ContainerRunning, string.Empty);
            }

            return;
        }

        _journal.HookEnded(container, TimelineStep.PostStartFailed, result.Message, result, started, _context.Time.GetUtcNow());
        Record(container, EventType.Warning, EventReasons.FailedPostStartHook, "PostStartHook failed");
        var window = _grace.OpenKill(_definition.TerminationGracePeriodSeconds, _context.Time.GetUtcNow());
        try
        {
            await ServeWhileAsync(StartKill(container, instance, "FailedPostStartHook", window, turn: null, start: null)).ConfigureAwait(false);
        }
        finally
        {
            _grace.CloseKill(window);
        }

        // The failed start shows as PostStartHookError over the killed instance (docs/kubelet-behaviour.md §2.4).
        var record = _records[index];
        _records[index] = record with
        {
            Current = null,
            LastTermination = record.Current?.Terminated ?? record.LastTermination,
            Waiting = new WaitingRecord("PostStartHookError", result.Message),
        };
    }

    private async Task WatchExitAsync(int index, IRunningContainer instance)
    {
        var exit = await instance.Exited.ConfigureAwait(false);
        _inbox.Writer.TryWrite(new PodMessage.ContainerExited(index, ContainerIdOf(instance), exit));
    }

    /// <summary>Records an instance's end once, whichever message (its exit or its kill's outcome) comes first.</summary>
    private void RecordExit(int index, string containerId, ContainerExit exit)
    {
        var record = _records[index];
        if (record.Current is not { } current || current.ContainerId != containerId || current.Terminated is not null)
        {
            return;
        }

        var container = record.Definition;
        var message = TerminationMessageReader.Read(
            container.Spec, current.StartedAt, exit.ExitCode, LogPath(container, current.Attempt), path => _volumes.ToHost(container.Spec, containerId, path));
        var terminated = new TerminatedRecord(
            exit.ExitCode,
            exit.Signal,
            exit.Reason ?? (exit.ExitCode == 0 ? "Completed" : "Error"),
            message,
            current.StartedAt,
            exit.FinishedAt,
            current.ContainerId);
        _records[index] = record with { Current = current with { Terminated = terminated, Reported = true } };
        Timeline(container, TimelineStep.ContainerExited, ExitedPayload(exit));
    }

    private void EnterBackOff(BackOffWait wait)
    {
        var container = wait.Container;
        var record = _records[container.Index];
        if (record.Waiting?.Reason is ErrImageNeverPull or ConfigMessages.CreateContainerConfigError)
        {
            // The kubelet has no back-off state for it: each sync reports ErrImageNeverPull again.
            return;
        }

        var isImage = record.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff";
        if (_announcedBackOff.TryGetValue(container.Index, out var announced) && announced == wait.Until)
        {
            return;
        }

        _announcedBackOff[container.Index] = wait.Until;
        if (isImage)
        {
            Record(container, EventType.Normal, EventReasons.BackOff, $"Back-off pulling image \"{container.Image}\"");
            Record(container, EventType.Warning, EventReasons.Failed, "Error: ImagePullBackOff");
            _records[container.Index] = record with { Waiting = new WaitingRecord("ImagePullBackOff", $"Back-off pulling image \"{container.Image}\": {record.Waiting?.Message}") };
            return;
        }

        var backOff = GoDuration.Format(wait.BackOff);
        Record(container, EventType.Warning, EventReasons.BackOff, $"Back-off restarting failed container {container.Name} in pod {_definition.Formatted}");
        Timeline(container, TimelineStep.BackOff, new BackOffPayload(wait.BackOff, wait.Until));
        _records[container.Index] = record with
        {
            Current = null,
            LastTermination = record.NewestTermination,
            Waiting = new WaitingRecord("CrashLoopBackOff", $"back-off {backOff} restarting failed container={container.Name} pod={_definition.Formatted}"),
        };
    }

    private void FailImage(ContainerDefinition container, DateTimeOffset now)
    {
        var error = $"image \"{container.Image}\" is not in the image catalog, and the container sets no command to run on the host";
        Record(container, EventType.Normal, EventReasons.Pulling, $"Pulling image \"{container.Image}\"");
        Record(container, EventType.Warning, EventReasons.Failed, $"Failed to pull image \"{container.Image}\": {error}");
        Record(container, EventType.Warning, EventReasons.Failed, "Error: ErrImagePull");
        BackOffOf(container).Next(now, now);
        _records[container.Index] = _records[container.Index] with { Waiting = new WaitingRecord("ErrImagePull", error), WaitingSince = now };
        Timeline(container, TimelineStep.ContainerStartFailed, error);
    }

    /// <summary>
    /// kuberuntime_container.go <c>startContainer</c>: the container config could not be generated (a missing ConfigMap,
    /// Secret or key). Nothing was created; it waits in CreateContainerConfigError and the next sync, one kubelet
    /// back-off period later, tries again with the objects as they are then.
    /// </summary>
    private void FailConfig(ContainerDefinition container, ContainerRecord record, DateTimeOffset now, string error)
    {
        Record(container, EventType.Warning, EventReasons.Failed, $"Error: {error}");
        Timeline(container, TimelineStep.ContainerStartFailed, error);
        _records[container.Index] = record with
        {
            Current = null,
            LastTermination = record.NewestTermination ?? record.LastTermination,
            Waiting = new WaitingRecord(ConfigMessages.CreateContainerConfigError, error),
            WaitingSince = now,
            SyncRetryAt = now + CrashLoopBackOff.Initial,
        };
    }

    private void FailStart(ContainerDefinition container, ContainerRecord record, string containerId, DateTimeOffset now, string error)
    {
        // containerd reports a start failure as a terminated instance (exit 128, StartError) and restarts per policy.
        Record(container, EventType.Warning, EventReasons.Failed, $"Error: {error}");
        Timeline(container, TimelineStep.ContainerStartFailed, error);
        var terminated = new TerminatedRecord(128, null, "StartError", error, now, now, $"{_context.Runtime.RuntimeName}://{containerId}");
        _records[container.Index] = record with
        {
            Current = new InstanceRecord(terminated.ContainerId, record.StartAttempts, now, Reported: true, terminated),
            LastTermination = record.NewestTermination ?? record.LastTermination,
            Waiting = null,
            StartAttempts = record.StartAttempts + 1,
        };
    }

    /// <summary>What the runtime is asked to start for one instance: the same for app, init, sidecar and defer containers.</summary>
    private ContainerLaunch LaunchOf(
        ContainerDefinition container, ImageConfig? image, IReadOnlyDictionary<string, string> variables, IReadOnlyList<ContainerMount> mounts, string containerId, int attempt) =>
        new(
            containerId,
            Namespace,
            Name,
            _definition.Uid,
            container.Name,
            ContainerCommand.Resolve(container.Spec, image, variables),
            // A runtime with real images merges the image's env and its own defaults (PATH, HOSTNAME) itself.
            _context.Runtime.ImageService is not null ? variables.ToList() : ContainerEnvironment.Build(image, variables, Name),
            container.Spec.WorkingDir ?? image?.WorkingDir,
            LogPath(container, attempt),
            _context.Observer.OnLogLine,
            mounts,
            _volumes.ScratchFor(container.Name, containerId),
            image?.FilesDirectory,
            container.Image,
            Expand(container.Spec.Command, variables),
            Expand(container.Spec.Args, variables),
            attempt,
            container.Spec.Lifecycle?.StopSignal,
            // As the kubelet's generateContainerConfig copies them into CRI's ContainerConfig.
            container.Spec.Stdin == true,
            container.Spec.StdinOnce == true,
            container.Spec.Tty == true,
            LinuxResources.Of(_pod.Spec, container.Spec, container.Kind == ContainerKind.Sidecar, NodeMemory.CapacityBytes));

    private static List<string> Expand(IList<string>? parts, IReadOnlyDictionary<string, string> variables) =>
        (parts ?? []).Select(part => VariableExpansion.Expand(part, name => variables.GetValueOrDefault(name))).ToList();

    private string LogPath(ContainerDefinition container, int attempt) => Path.Combine(
        PodLogDirectory,
        container.Name,
        $"{attempt.ToString(CultureInfo.InvariantCulture)}.log");

    private string ContainerIdOf(IRunningContainer instance) => $"{_context.Runtime.RuntimeName}://{instance.Id}";
}
