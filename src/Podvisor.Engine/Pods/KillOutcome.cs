using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Pods;

/// <summary>What one container's kill did, for the worker's loop to apply (the exit) and for tests to read.</summary>
/// <param name="Index">The container's index in the pod's definition.</param>
/// <param name="ContainerId">The killed instance's id as its status shows it.</param>
/// <param name="Exit">How the instance ended.</param>
/// <param name="StopSignal">The stop signal sent and when, or null when none was (the container exited first, or the kill was forced).</param>
/// <param name="KillSentAt">When SIGKILL was sent (reported), or null when it was not needed.</param>
internal sealed record KillOutcome(
    int Index,
    string ContainerId,
    ContainerExit Exit,
    (int Signal, DateTimeOffset At)? StopSignal,
    DateTimeOffset? KillSentAt);
