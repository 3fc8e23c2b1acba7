using k8s.Models;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Status;

/// <summary>One container's <c>V1ContainerStatus</c> (kubelet <c>convertToAPIContainerStatuses</c>).</summary>
internal static class ContainerStatusGenerator
{
    public const string ContainerCreating = "ContainerCreating";
    public const string PodInitializing = "PodInitializing";

    public static V1ContainerStatus Generate(ContainerRecord record, PodStatusInput input)
    {
        var previous = FindPrevious(record, input.Previous);
        if (record.Current is { Reported: false } && previous is not null)
        {
            // A start whose postStart hook is still running has not reached a sync boundary yet:
            // the API keeps showing the snapshot taken before it (docs/kubelet-behaviour.md §2.2).
            return previous;
        }

        var (image, imageId) = input.Images.TryGetValue(record.Name, out var pair) ? pair : (record.Definition.Image, string.Empty);
        var current = record.Current is { Reported: true } ? record.Current : null;
        var running = current is { IsRunning: true };
        var isInit = record.Definition.Kind == ContainerKind.Init;

        // started: running and the startup probe (if any) passed; ready: started and the readiness probe (if any) passed.
        var started = running && (record.Definition.Startup is null || current!.StartupSucceeded);
        var status = new V1ContainerStatus
        {
            Name = record.Name,
            State = StateOf(record, current, input.Pod.HasInitContainers),
            LastState = ToState(record.LastTermination) ?? new V1ContainerState(),
            RestartCount = Math.Max(record.StartAttempts - 1, 0),
            Image = image,
            ImageID = record.StartAttempts > 0 ? imageId : string.Empty,
            ContainerID = current?.ContainerId ?? record.LastTermination?.ContainerId,
            Started = started,
        };

        status.Ready = isInit
            ? current?.Terminated is { ExitCode: 0 }
            : started && (record.Definition.Readiness is null || current!.ReadinessSucceeded);
        return status;
    }

    /// <summary>An unreported (postStart pending) instance shows as waiting, like one not created yet.</summary>
    private static V1ContainerState StateOf(ContainerRecord record, InstanceRecord? current, bool podHasInit)
    {
        if (current is { Terminated: { } terminated })
        {
            return ToState(terminated)!;
        }

        if (current is not null)
        {
            return new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = current.StartedAt.UtcDateTime } };
        }

        var waiting = record.Waiting ?? new WaitingRecord(podHasInit ? PodInitializing : ContainerCreating, null);
        return new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = waiting.Reason, Message = waiting.Message } };
    }

    public static V1ContainerState? ToState(TerminatedRecord? terminated) => terminated is null
        ? null
        : new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated
            {
                ExitCode = terminated.ExitCode,
                Signal = null,
                Reason = terminated.Reason,
                Message = string.IsNullOrEmpty(terminated.Message) ? null : terminated.Message,
                StartedAt = terminated.StartedAt.UtcDateTime,
                FinishedAt = terminated.FinishedAt.UtcDateTime,
                ContainerID = terminated.ContainerId,
            },
        };

    private static V1ContainerStatus? FindPrevious(ContainerRecord record, V1PodStatus? previous)
    {
        var list = record.Definition.IsInit ? previous?.InitContainerStatuses : previous?.ContainerStatuses;
        return list?.FirstOrDefault(s => s.Name == record.Name);
    }
}
