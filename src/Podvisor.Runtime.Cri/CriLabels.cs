namespace Podvisor.Runtime.Cri;

/// <summary>The labels the kubelet puts on sandboxes and containers (kubernetes <c>pkg/kubelet/types/labels.go</c>), so <c>ctr</c> users can tell them apart.</summary>
internal static class CriLabels
{
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string ContainerName = "io.kubernetes.container.name";
}
