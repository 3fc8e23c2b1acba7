namespace Podvisor.Cli.Rollout;

/// <summary>How an old pod of the rollout stopped: its stop signal, how long from it to the container's exit, and how it ended.</summary>
internal sealed record OldPodStop(string Pod, TimeSpan? SignalSinceRestart, TimeSpan? SignalToExit, string Ended);
