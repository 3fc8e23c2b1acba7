using k8s.Models;

namespace Podvisor.Server.Controllers.Deployments;

/// <summary>
/// The Deployment's conditions as upstream writes them (pkg/controller/deployment/util/deployment_util.go and
/// progress.go <c>syncRolloutStatus</c>): the wire reasons and messages, <c>SetDeploymentCondition</c>'s rule that
/// a condition keeps its <c>lastTransitionTime</c> while its status stays, and the progress-deadline verdict.
/// </summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string DeploymentPaused = "DeploymentPaused";
    public const string DeploymentResumed = "DeploymentResumed";
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTimeOffset now)
    {
        var at = Seconds(now);
        return new V1DeploymentCondition { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = at, LastTransitionTime = at };
    }

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary><c>SetDeploymentCondition</c>: same status and reason changes nothing; same status keeps the transition time.</summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), condition];
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is not null)
        {
            status.Conditions = [.. status.Conditions.Where(c => c.Type != type)];
        }
    }

    /// <summary><c>DeploymentComplete</c>: every desired pod is updated and available, and the newest spec was observed.</summary>
    public static bool Complete(int desired, long generation, V1DeploymentStatus status) =>
        status.UpdatedReplicas == desired && status.Replicas == desired && status.AvailableReplicas == desired && status.ObservedGeneration >= generation;

    /// <summary><c>DeploymentProgressing</c>: more updated, fewer old, more ready or more available pods than before.</summary>
    public static bool MadeProgress(V1DeploymentStatus before, V1DeploymentStatus after)
    {
        var oldBefore = (before.Replicas ?? 0) - (before.UpdatedReplicas ?? 0);
        var oldAfter = (after.Replicas ?? 0) - (after.UpdatedReplicas ?? 0);
        return (after.UpdatedReplicas ?? 0) > (before.UpdatedReplicas ?? 0)
            || oldAfter < oldBefore
            || (after.ReadyReplicas ?? 0) > (before.ReadyReplicas ?? 0)
            || (after.AvailableReplicas ?? 0) > (before.AvailableReplicas ?? 0);
    }

    /// <summary>
    /// <c>DeploymentTimedOut</c>: the Progressing condition was last updated more than the deadline ago (a complete
    /// rollout never times out; a timed-out one stays timed out).
    /// </summary>
    public static bool TimedOut(V1DeploymentCondition? progressing, int deadlineSeconds, DateTimeOffset now)
    {
        if (progressing is null || progressing.Reason == NewReplicaSetAvailable)
        {
            return false;
        }

        if (progressing.Reason == ProgressDeadlineExceeded)
        {
            return true;
        }

        var from = progressing.LastUpdateTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : now;
        return from.AddSeconds(deadlineSeconds) < now;
    }

    /// <summary>
    /// The rollout part of <c>syncRolloutStatus</c>: sets Progressing to NewReplicaSetAvailable, ReplicaSetUpdated or
    /// ProgressDeadlineExceeded on <paramref name="next"/>, comparing with the stored <paramref name="before"/>.
    /// </summary>
    public static void UpdateProgress(V1DeploymentStatus before, V1DeploymentStatus next, int desired, long generation, int? deadlineSeconds, string? newSetName, DateTimeOffset now)
    {
        if (deadlineSeconds is null)
        {
            Remove(next, Progressing);
            return;
        }

        var current = Get(next, Progressing);
        var complete = next.Replicas == next.UpdatedReplicas && current?.Reason == NewReplicaSetAvailable;
        if (complete)
        {
            return;
        }

        if (Complete(desired, generation, next))
        {
            var message = newSetName is null ? "Deployment has successfully progressed." : $"ReplicaSet \"{newSetName}\" has successfully progressed.";
            Set(next, New(Progressing, "True", NewReplicaSetAvailable, message, now));
        }
        else if (MadeProgress(before, next))
        {
            var message = newSetName is null ? "Deployment is progressing." : $"ReplicaSet \"{newSetName}\" is progressing.";
            var condition = New(Progressing, "True", ReplicaSetUpdated, message, now);
            // Progress moves lastUpdateTime (the deadline's start) but, while True, not lastTransitionTime.
            if (current is { Status: "True" })
            {
                condition.LastTransitionTime = current.LastTransitionTime;
            }

            Remove(next, Progressing);
            next.Conditions = [.. next.Conditions ?? [], condition];
        }
        else if (TimedOut(current, deadlineSeconds.Value, now))
        {
            var message = newSetName is null ? "Deployment has timed out progressing." : $"ReplicaSet \"{newSetName}\" has timed out progressing.";
            Set(next, New(Progressing, "False", ProgressDeadlineExceeded, message, now));
        }
    }

    /// <summary>The Available condition of <c>calculateStatus</c>.</summary>
    public static void UpdateAvailable(V1DeploymentStatus next, int desired, int maxUnavailable, DateTimeOffset now)
    {
        Set(next, (next.AvailableReplicas ?? 0) >= desired - maxUnavailable
            ? New(Available, "True", MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : New(Available, "False", MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
    }

    /// <summary><c>checkPausedConditions</c>: Unknown DeploymentPaused / DeploymentResumed, never over a timeout.</summary>
    public static void UpdatePaused(V1DeploymentStatus status, bool paused, int? deadlineSeconds, DateTimeOffset now)
    {
        if (deadlineSeconds is null)
        {
            return;
        }

        var current = Get(status, Progressing);
        if (current?.Reason == ProgressDeadlineExceeded)
        {
            return;
        }

        var pausedNow = current?.Reason == DeploymentPaused;
        if (paused && !pausedNow)
        {
            Set(status, New(Progressing, "Unknown", DeploymentPaused, "Deployment is paused", now));
        }
        else if (!paused && pausedNow)
        {
            Set(status, New(Progressing, "Unknown", DeploymentResumed, "Deployment is resumed", now));
        }
    }

    /// <summary>metav1.Time has second precision on the wire.</summary>
    public static DateTime Seconds(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
