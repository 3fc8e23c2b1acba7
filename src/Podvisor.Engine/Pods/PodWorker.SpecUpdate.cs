using k8s.Models;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Serialization;

namespace Podvisor.Engine.Pods;

/// <summary>
/// Updates of a running pod's mutable spec (issue 12 item 9): the apiserver lets <c>spec.containers[*].image</c> and
/// <c>spec.initContainers[*].image</c> change, and the kubelet restarts a running container whose spec hash no longer
/// matches (kuberuntime_manager.go <c>containerChanged</c>, <c>computePodActions</c>).
/// </summary>
internal sealed partial class PodWorker
{
    // Some running instance still runs the image it had before an update: the status shows it until its restart.
    private bool _imagesStale;

    /// <summary>Hands the worker the pod's updated images (container name to image); thread-safe.</summary>
    public void RequestSpecUpdate(IReadOnlyDictionary<string, string> images) =>
        _inbox.Writer.TryWrite(new PodMessage.SpecUpdated(images));

    /// <summary>Takes the new images into the pod's definition; returns whether any changed.</summary>
    private bool ApplySpecUpdate(PodMessage.SpecUpdated update)
    {
        var containers = _definition.Containers.ToList();
        var changed = false;
        foreach (var container in _definition.Containers)
        {
            if (!update.Images.TryGetValue(container.Name, out var image) || string.IsNullOrEmpty(image) || image == container.Image)
            {
                continue;
            }

            var spec = ModelSerializer.Copy(container.Spec);
            spec.Image = image;
            var definition = container with { Spec = spec };
            containers[container.Index] = definition;
            _records[container.Index] = _records[container.Index] with { Definition = definition };
            SetImage(container, image);

            // The kubelet's back-off key includes the container's spec hash: a new spec starts with no back-off.
            _backOffs.Remove(container.Index);
            _announcedBackOff.Remove(container.Index);
            changed = true;
        }

        if (!changed)
        {
            return false;
        }

        _definition = _definition with { Containers = containers };
        RefreshImages();
        _publishedSpec = _pod.Spec;
        Publish();
        return true;
    }

    /// <summary>Before the worker's first change to a spec that snapshots share: the worker goes on with a copy of its own.</summary>
    private void DetachSpec()
    {
        if (ReferenceEquals(_pod.Spec, _publishedSpec))
        {
            _pod.Spec = ModelSerializer.Copy(_pod.Spec);
        }
    }

    /// <summary>
    /// The status's <c>image</c> per container: the runtime reports the image a running instance was created from, so
    /// an updated image shows once the container runs on it (kuberuntime_container.go <c>getPodContainerStatuses</c>).
    /// </summary>
    private void RefreshImages()
    {
        var stale = false;
        foreach (var record in _records)
        {
            var image = record.Current is { IsRunning: true, Image: { } started } ? started : record.Definition.Image;

            // An entry already on this image keeps its imageID: a runtime with real images may have resolved it.
            if (!_images.TryGetValue(record.Name, out var known) || known.Image != image)
            {
                _images[record.Name] = ImageInfo.Of(image, _context.Images);
            }

            stale |= image != record.Definition.Image;
        }

        _imagesStale = stale;
    }

    /// <summary>After a pass started containers: an instance on its updated image now reports it.</summary>
    private void RefreshImagesAfterStart()
    {
        if (_imagesStale)
        {
            RefreshImages();
        }
    }

    private void SetImage(ContainerDefinition container, string image)
    {
        DetachSpec();
        var list = container.Kind == ContainerKind.Regular ? _pod.Spec.Containers : _pod.Spec.InitContainers;
        list[container.SpecIndex] = ModelSerializer.Copy(list[container.SpecIndex]);
        list[container.SpecIndex].Image = image;
    }

    /// <summary>
    /// Kills the running containers whose spec changed, concurrently, each with the pod's grace period and its
    /// preStop hook (killContainer with no probe override); the next pass starts them on the new spec.
    /// </summary>
    private Task KillForSpecChangeAsync(IReadOnlyList<DefinitionChangeKill> kills) =>
        KillRunningAsync(kills.Select(kill => new ContainerKillRequest(
            kill.Container,
            kill.Message,
            _definition.TerminationGracePeriodSeconds,
            (record, id) => record with { ChangeKilledContainerId = id })));
}
