namespace Podvisor.Cli.Rollout;

/// <summary>An old pod's stop signal during the rollout: the instant the engine sent SIGTERM (or the pod's stop signal).</summary>
internal sealed record PodSignal(string Pod, DateTimeOffset At);
