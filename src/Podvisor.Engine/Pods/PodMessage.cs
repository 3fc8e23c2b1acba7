using Podvisor.Engine.Probes;
using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Pods;

/// <summary>What wakes a pod worker up: one of a closed set.</summary>
internal abstract record PodMessage
{
    public sealed record ContainerExited(int Index, string ContainerId, ContainerExit Exit) : PodMessage;

    /// <summary>
    /// A kill the worker started is over; <paramref name="Applied"/> completes once the loop recorded its exit (a
    /// sidecar's turn and the pass that waits for the kills wait for that).
    /// </summary>
    public sealed record KillFinished(KillOutcome Outcome, TaskCompletionSource Applied) : PodMessage;

    /// <summary>A probe attempt on the instance <paramref name="ContainerId"/> ended.</summary>
    public sealed record ProbeCompleted(int Index, ProbeKind Kind, string ContainerId, ProbeOutcome Outcome, DateTimeOffset At) : PodMessage;

    /// <summary>A back-off or retry timer fired.</summary>
    public sealed record Wake : PodMessage
    {
        public static readonly Wake Instance = new();
    }

    /// <summary>The API accepted an update of the pod's mutable spec fields: <paramref name="Images"/> maps each container's name to its image.</summary>
    public sealed record SpecUpdated(IReadOnlyDictionary<string, string> Images) : PodMessage;

    public sealed record DeleteRequested : PodMessage
    {
        public static readonly DeleteRequested Instance = new();
    }
}
