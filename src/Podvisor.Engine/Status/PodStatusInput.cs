using k8s.Models;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Status;

/// <summary>Everything the status of a pod is computed from; no I/O behind any of it.</summary>
/// <param name="Previous">The status published last: frozen containers keep their entry, conditions their transition times.</param>
/// <param name="Terminal">The kubelet has stopped the pod for good (deleted and all containers stopped, or finished).</param>
/// <param name="Images">Per container name, the image and imageID the runtime reports.</param>
internal sealed record PodStatusInput(
    PodDefinition Pod,
    IReadOnlyList<ContainerRecord> Containers,
    V1PodStatus? Previous,
    bool Terminal,
    DateTimeOffset StartTime,
    DateTimeOffset Now,
    string HostIp,
    string PodIp,
    string QosClass,
    IReadOnlyDictionary<string, (string Image, string ImageId)> Images);
