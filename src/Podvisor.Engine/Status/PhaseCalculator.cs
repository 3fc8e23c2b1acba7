using k8s.Models;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Status;

/// <summary>The kubelet's <c>getPhase</c> (kubelet_pods.go) over freshly generated container statuses.</summary>
internal static class PhaseCalculator
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    public static string Compute(
        PodDefinition pod,
        IReadOnlyList<(ContainerKind Kind, V1ContainerStatus Status)> statuses,
        bool terminal,
        string? previousPhase)
    {
        if (previousPhase is Succeeded or Failed)
        {
            return previousPhase;
        }

        int pendingInitialization = 0, failedInitialization = 0, running = 0, stopped = 0, succeeded = 0, waiting = 0, unknown = 0;
        var regularEverStarted = false;
        foreach (var (kind, status) in statuses)
        {
            var state = status.State;
            var lastTerminated = status.LastState?.Terminated;
            switch (kind)
            {
                case ContainerKind.Init:
                    if (state.Terminated is { } t && t.ExitCode != 0)
                    {
                        failedInitialization++;
                    }
                    else if (state.Waiting is not null && lastTerminated is { ExitCode: not 0 })
                    {
                        failedInitialization++;
                    }
                    else if (state.Terminated is null && !(state.Waiting is not null && lastTerminated is not null))
                    {
                        pendingInitialization++;
                    }

                    break;
                case ContainerKind.Sidecar:
                    if (state.Running is not null)
                    {
                        running++;
                        if (status.Started != true)
                        {
                            pendingInitialization++;
                        }
                    }
                    else if (state.Waiting is not null && lastTerminated is null)
                    {
                        pendingInitialization++;
                        waiting++;
                    }

                    break;
                default:
                    if (state.Running is not null)
                    {
                        running++;
                        regularEverStarted = true;
                    }
                    else if (state.Terminated is { } terminated)
                    {
                        stopped++;
                        regularEverStarted = true;
                        if (terminated.ExitCode == 0)
                        {
                            succeeded++;
                        }
                    }
                    else if (state.Waiting is not null && lastTerminated is not null)
                    {
                        stopped++;
                        regularEverStarted = true;
                    }
                    else
                    {
                        waiting++;
                    }

                    break;
            }
        }

        if (failedInitialization > 0 && pod.RestartPolicy == PodRestartPolicy.Never)
        {
            return Failed;
        }

        if ((pendingInitialization > 0 && !regularEverStarted) || waiting > 0)
        {
            return Pending;
        }

        if (running > 0 && unknown == 0)
        {
            return Running;
        }

        if (running == 0 && stopped > 0 && unknown == 0)
        {
            if (terminal)
            {
                return stopped == succeeded ? Succeeded : Failed;
            }

            if (pod.RestartPolicy == PodRestartPolicy.Always)
            {
                return Running;
            }

            if (stopped == succeeded)
            {
                return Succeeded;
            }

            return pod.RestartPolicy == PodRestartPolicy.Never ? Failed : Running;
        }

        return terminal && running == 0 && failedInitialization > 0 ? Failed : Pending;
    }
}
