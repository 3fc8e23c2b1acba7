using k8s.Models;

namespace Podvisor.Server.Controllers.ReplicaSets;

/// <summary>
/// What the controllers read from a pod (pkg/api/v1/pod/util.go and pkg/controller/controller_utils.go): active
/// (not terminal, not being deleted), ready (the Ready condition), available (ready for at least
/// <c>minReadySeconds</c>).
/// </summary>
internal static class PodFacts
{
    public static bool IsActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary><c>IsPodAvailable</c>: ready, and for <paramref name="minReadySeconds"/> already (0 means at once).</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = ReadyCondition(pod);
        if (ready?.Status != "True")
        {
            return false;
        }

        if (minReadySeconds == 0)
        {
            return true;
        }

        return ready.LastTransitionTime is { } since && Utc(since).AddSeconds(minReadySeconds) < now;
    }

    /// <summary>When the pod became ready, for the deletion ranking.</summary>
    public static DateTimeOffset? ReadySince(V1Pod pod) =>
        ReadyCondition(pod) is { Status: "True", LastTransitionTime: { } since } ? Utc(since) : null;

    public static int MaxRestarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Select(s => s.RestartCount).DefaultIfEmpty(0).Max() ?? 0;

    public static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
}
