using k8s.Models;
using Podvisor.Engine.Admission;
using Podvisor.Engine.Config;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Defer;
using Podvisor.Engine.Events;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Serialization;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Payloads;

namespace Podvisor.Engine.Pods;

/// <summary>
/// The defer phase (<see cref="DeferAnnotation"/>): once the pod's containers have stopped, its defer containers run one
/// by one, each to completion, inside what is left of the grace period; the one running at the deadline is SIGKILLed
/// and the rest are skipped. They run once per pod, whether it was deleted or finished by itself. Their statuses are
/// published in the <see cref="DeferAnnotation.StatusKey"/> annotation, leaving the Pod status shape as the API has it.
/// </summary>
internal sealed partial class PodWorker
{
    private IReadOnlyList<ContainerDefinition>? _deferContainers;
    private readonly List<V1ContainerStatus> _deferStatuses = [];
    private bool _deferRan;

    private IReadOnlyList<ContainerDefinition> DeferContainers => _deferContainers ??= DeferAnnotation.Read(_pod.Metadata)
        .Select((spec, i) =>
        {
            // Admission validated a defaulted copy; the engine defaults its own the same way.
            PodDefaulter.Container(spec, _pod.Spec.HostNetwork == true);
            return new ContainerDefinition(-1 - i, i, ContainerKind.Defer, spec);
        })
        .ToList();

    /// <param name="window">The termination's grace window: it began when the pod's containers were asked to stop.</param>
    private async Task RunDeferContainersAsync(GraceWindow window)
    {
        if (_deferRan || DeferContainers.Count == 0)
        {
            return;
        }

        _deferRan = true;
        var time = _context.Time;
        var deadline = DeferPlan.Deadline(window.Start, window.Seconds, time.GetUtcNow());
        Timeline(null, TimelineStep.DeferContainersStarted, new DeferContainersStartedPayload(DeferContainers.Count, deadline));
        foreach (var container in DeferContainers)
        {
            var now = time.GetUtcNow();
            var step = DeferPlan.Next(window.IsForced, now, window.Cap(deadline, TimeSpan.Zero));
            if (step != DeferStep.Run)
            {
                var why = step == DeferStep.SkipForced ? "the deletion was forced" : "the grace period is used up";
                Timeline(container, TimelineStep.DeferContainerSkipped, why);
                PublishDeferStatus(container, new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "DeferSkipped", Message = "not run: " + why } }, containerId: null);
                continue;
            }

            await RunDeferContainerAsync(container, window, deadline).ConfigureAwait(false);
        }
    }

    private async Task RunDeferContainerAsync(ContainerDefinition container, GraceWindow window, DateTimeOffset deadline)
    {
        var time = _context.Time;
        if (StartDeferContainer(container) is not { } starting)
        {
            return;
        }

        IRunningContainer instance;
        try
        {
            instance = await starting.ConfigureAwait(false);
        }
        catch (ContainerStartException ex)
        {
            Record(container, EventType.Warning, EventReasons.Failed, $"Error: {ex.Message}");
            Timeline(container, TimelineStep.ContainerStartFailed, ex.Message);
            var at = time.GetUtcNow().UtcDateTime;
            PublishDeferStatus(container, new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 128, FinishedAt = at, Message = ex.Message, Reason = "StartError", StartedAt = at } }, containerId: null);
            return;
        }

        await using (instance.ConfigureAwait(false))
        {
            var containerId = ContainerIdOf(instance);
            Record(container, EventType.Normal, EventReasons.Started, $"Started container {container.Name}");
            Timeline(container, TimelineStep.ContainerSpawned, new ContainerSpawnedPayload(instance.ProcessId, Attempt: null));
            PublishDeferStatus(container, new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = instance.StartedAt.UtcDateTime } }, containerId);

            await window.WaitAsync(instance.Exited, () => window.IsForced ? time.GetUtcNow() : window.Cap(deadline, TimeSpan.Zero), time).ConfigureAwait(false);
            if (!instance.Exited.IsCompleted)
            {
                instance.Signal(Signals.SigKill);
                Timeline(container, TimelineStep.KillSent, new KillSentPayload(window.IsForced));
            }

            var exit = await instance.Exited.ConfigureAwait(false);
            Timeline(container, TimelineStep.ContainerExited, ExitedPayload(exit));
            var terminated = new V1ContainerStateTerminated
            {
                ExitCode = exit.ExitCode,
                ContainerID = containerId,
                FinishedAt = exit.FinishedAt.UtcDateTime,
                Reason = exit.Reason ?? (exit.ExitCode == 0 ? "Completed" : "Error"),
                Signal = exit.Signal,
                StartedAt = instance.StartedAt.UtcDateTime,
            };
            PublishDeferStatus(container, new V1ContainerState { Terminated = terminated }, containerId);
        }
    }

    /// <summary>Builds the launch as for any container (image catalog or the container's own command) and starts it; null when its image cannot be had.</summary>
    private Task<IRunningContainer>? StartDeferContainer(ContainerDefinition container)
    {
        var image = _context.Images.Find(container.Image);
        if (_context.Runtime.ImageService is not null)
        {
            // Not pulled here: the runtime must already have the image (see the Engine README).
            image = null;
        }
        else if (image is null && container.Spec.Command is not { Count: > 0 })
        {
            var error = $"image \"{container.Image}\" is not in the image catalog, and the container sets no command to run on the host";
            Record(container, EventType.Warning, EventReasons.Failed, $"Failed to pull image \"{container.Image}\": {error}");
            Timeline(container, TimelineStep.ContainerStartFailed, error);
            PublishDeferStatus(container, new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ErrImagePull", Message = error } }, containerId: null);
            return null;
        }
        else
        {
            Record(container, EventType.Normal, EventReasons.Pulled, $"Container image \"{container.Image}\" already present on machine");
        }

        var fields = new PodFieldContext(_pod.Metadata, _context.Options.NodeName, _pod.Spec.ServiceAccountName ?? "default", _context.Options.PodIp, _context.Options.PodIp);
        var environment = ConfigEnvironment.Resolve(container.Spec, fields, _context.Configs);
        var mounts = _volumes.MountsFor(container.Spec, out var mountProblem);
        if ((environment.Error ?? mountProblem) is { } configError)
        {
            // As for any container: a missing ConfigMap/Secret reference, or a subPath leading out of its volume, is the
            // kubelet's CreateContainerConfigError (both fail generateContainerConfig).
            Record(container, EventType.Warning, EventReasons.Failed, $"Error: {configError}");
            Timeline(container, TimelineStep.ContainerStartFailed, configError);
            PublishDeferStatus(container, new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CreateContainerConfigError", Message = configError } }, containerId: null);
            return null;
        }

        var variables = environment.Variables;
        var containerId = RuntimeIds.New();
        var launch = LaunchOf(container, image, variables, mounts, containerId, attempt: 0);
        Record(container, EventType.Normal, EventReasons.Created, $"Created container: {container.Name}");
        return Sandbox.StartContainerAsync(launch, CancellationToken.None);
    }

    private void PublishDeferStatus(ContainerDefinition container, V1ContainerState state, string? containerId)
    {
        var status = new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = string.Empty,
            ContainerID = containerId,
            Ready = false,
            RestartCount = 0,
            Started = state.Running is not null,
            State = state,
        };
        var index = _deferStatuses.FindIndex(s => s.Name == container.Name);
        if (index >= 0)
        {
            _deferStatuses[index] = status;
        }
        else
        {
            _deferStatuses.Add(status);
        }

        DetachMetadata();
        _pod.Metadata.Annotations[DeferAnnotation.StatusKey] = ModelSerializer.Serialize(_deferStatuses);
        _publishedMetadata = _pod.Metadata;
        Publish();
    }
}
