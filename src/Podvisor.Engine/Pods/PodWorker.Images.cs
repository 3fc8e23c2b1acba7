using Podvisor.Engine.Containers;
using Podvisor.Engine.Events;
using Podvisor.Engine.Images;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Timeline;

namespace Podvisor.Engine.Pods;

/// <summary>
/// The kubelet's image manager in front of a start on a runtime with real images
/// (kubernetes/kubernetes <c>pkg/kubelet/images/image_manager.go</c> <c>EnsureImageExists</c>): the pull policy
/// decides whether to pull, and each outcome has the kubelet's event and waiting reason.
/// </summary>
internal sealed partial class PodWorker
{
    private const string PullAlways = "Always";
    private const string PullNever = "Never";

    /// <summary>Makes sure the container's image is present; false when it is not (the container is then waiting).</summary>
    private async Task<bool> EnsureImageAsync(ContainerDefinition container, IImageService images, CancellationToken cancellationToken)
    {
        var time = _context.Time;
        var started = time.GetUtcNow();
        var policy = container.Spec.ImagePullPolicy;
        var pullSecrets = PullSecrets();
        PresentImage? present;
        try
        {
            present = await images.ImageStatusAsync(container.Image, cancellationToken).ConfigureAwait(false);
        }
        catch (ImagePullException ex)
        {
            // The kubelet fails the start with the ImageStatus error as an ErrImageInspect; podvisor treats it as a failed pull.
            FailPull(container, started, ex.Message);
            return false;
        }

        if (present is not null && policy != PullAlways)
        {
            Record(container, EventType.Normal, EventReasons.Pulled, $"Container image \"{container.Image}\" already present on machine");
            Resolved(container, present);
            return true;
        }

        if (present is null && policy == PullNever)
        {
            var message = $"Container image \"{container.Image}\" is not present with pull policy of Never";
            Record(container, EventType.Warning, ErrImageNeverPull, message);
            Record(container, EventType.Warning, EventReasons.Failed, $"Error: {ErrImageNeverPull}");
            BackOffOf(container).Next(started, started);
            _records[container.Index] = _records[container.Index] with { Waiting = new WaitingRecord(ErrImageNeverPull, message), WaitingSince = started };
            Timeline(container, TimelineStep.ContainerStartFailed, message);
            return false;
        }

        Record(container, EventType.Normal, EventReasons.Pulling, $"Pulling image \"{container.Image}\"");
        var pullStarted = time.GetUtcNow();
        try
        {
            var pulled = await PullWithSecretsAsync(container, images, pullSecrets, cancellationToken).ConfigureAwait(false);
            var finished = time.GetUtcNow();
            Record(
                container,
                EventType.Normal,
                EventReasons.Pulled,
                $"Successfully pulled image \"{container.Image}\" in {GoDurationMillis.Format(finished - pullStarted)} ({GoDurationMillis.Format(finished - started)} including waiting). Image size: {pulled.Size} bytes.");
            Resolved(container, pulled);
            return true;
        }
        catch (ImagePullException ex)
        {
            Record(container, EventType.Warning, EventReasons.Failed, $"Failed to pull image \"{container.Image}\": {ex.Message}");
            FailPull(container, time.GetUtcNow(), ex.Message);
            return false;
        }
    }

    /// <summary>The status' <c>imageID</c> becomes the runtime's (<c>repo@sha256:…</c> of the manifest, as containerd reports it).</summary>
    private void Resolved(ContainerDefinition container, PresentImage image)
    {
        // The instance about to start runs this image: its status reports it with the id the runtime resolved.
        _images[container.Name] = (container.Image, image.Reference);
    }

    /// <summary>The start ends in <c>ErrImagePull</c>; the next attempt waits for the back-off (then <c>ImagePullBackOff</c>).</summary>
    private void FailPull(ContainerDefinition container, DateTimeOffset now, string error)
    {
        Record(container, EventType.Warning, EventReasons.Failed, "Error: ErrImagePull");
        BackOffOf(container).Next(now, now);
        _records[container.Index] = _records[container.Index] with { Waiting = new WaitingRecord("ErrImagePull", error), WaitingSince = now };
        Timeline(container, TimelineStep.ContainerStartFailed, error);
    }

    /// <summary>kubelet <c>images.ErrImageNeverPull</c>: both the event reason and the waiting reason.</summary>
    private const string ErrImageNeverPull = "ErrImageNeverPull";
}
