using k8s.Models;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Status;

/// <summary>The kubelet-owned pod conditions (kubelet <c>status/generate.go</c>), in the order the kubelet writes them.</summary>
internal static class ConditionGenerator
{
    public static List<V1PodCondition> Generate(
        PodDefinition pod,
        IReadOnlyList<(ContainerKind Kind, V1ContainerStatus Status)> statuses,
        string phase,
        bool sandboxReady,
        V1PodStatus? previous,
        DateTimeOffset now)
    {
        var conditions = new List<V1PodCondition>
        {
            Condition("PodReadyToStartContainers", sandboxReady, null, null),
            Initialized(pod, statuses, phase),
        };

        var (containersReady, reason, message) = ContainersReady(statuses, phase);
        conditions.Add(Condition("Ready", containersReady, reason, message));
        conditions.Add(Condition("ContainersReady", containersReady, reason, message));
        conditions.Add(Condition("PodScheduled", true, null, null));

        foreach (var condition in conditions)
        {
            var before = previous?.Conditions?.FirstOrDefault(c => c.Type == condition.Type);
            condition.LastTransitionTime = before is not null && before.Status == condition.Status
                ? before.LastTransitionTime
                : now.UtcDateTime;
        }

        return conditions;
    }

    private static V1PodCondition Initialized(PodDefinition pod, IReadOnlyList<(ContainerKind Kind, V1ContainerStatus Status)> statuses, string phase)
    {
        var anyRegularStarted = statuses.Any(s => s.Kind == ContainerKind.Regular
            && (s.Status.State.Running is not null || s.Status.State.Terminated is not null || s.Status.LastState?.Terminated is not null));
        // status/generate.go GeneratePodInitializedCondition: a Succeeded pod whose init containers all have a status
        // (trivially so when it has none) reports PodCompleted, before any other rule.
        if (phase == PhaseCalculator.Succeeded)
        {
            return Condition("Initialized", true, "PodCompleted", null);
        }

        var incomplete = statuses
            .Where(s => s.Kind switch
            {
                ContainerKind.Init => s.Status.Ready != true,
                ContainerKind.Sidecar => s.Status.Started != true,
                _ => false,
            })
            .Select(s => s.Status.Name)
            .ToList();
        if (incomplete.Count == 0 || anyRegularStarted)
        {
            return Condition("Initialized", true, null, null);
        }

        return Condition("Initialized", false, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', incomplete)}]");
    }

    private static (bool Ready, string? Reason, string? Message) ContainersReady(IReadOnlyList<(ContainerKind Kind, V1ContainerStatus Status)> statuses, string phase)
    {
        if (phase == PhaseCalculator.Succeeded)
        {
            return (false, "PodCompleted", null);
        }

        if (phase == PhaseCalculator.Failed)
        {
            return (false, "PodFailed", null);
        }

        // Sidecars first, then regular containers in spec order (statuses of regular ones are sorted by name).
        var unready = statuses
            .Where(s => s.Kind != ContainerKind.Init && s.Status.Ready != true)
            .OrderBy(s => s.Kind == ContainerKind.Sidecar ? 0 : 1)
            .Select(s => s.Status.Name)
            .ToList();
        return unready.Count == 0
            ? (true, null, null)
            : (false, "ContainersNotReady", $"containers with unready status: [{string.Join(' ', unready)}]");
    }

    private static V1PodCondition Condition(string type, bool status, string? reason, string? message) => new()
    {
        Type = type,
        Status = status ? "True" : "False",
        Reason = reason,
        Message = message,
    };
}
