using k8s.Models;

namespace Podvisor.Cli.Run;

/// <summary>What <c>podvisor run</c> exits with; scripts and CI branch on these, so they are part of the interface.</summary>
internal static class ExitCodes
{
    /// <summary>Every pod succeeded, or a requested stop was clean.</summary>
    public const int Success = 0;

    /// <summary>A pod failed, or podvisor itself hit an unexpected error.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or manifests; nothing was started.</summary>
    public const int InvalidInput = 2;

    /// <summary>A requested stop was not clean: a container needed SIGKILL, or a preStop hook failed or timed out.</summary>
    public const int UncleanStop = 3;

    /// <summary><c>run --rollout</c>: the rollout completed, but requests sent through the Service failed during it.</summary>
    public const int RequestsFailed = 4;

    /// <summary>The run ended by itself: every pod reached a terminal phase and nothing will restart.</summary>
    public static int ForSettledRun(IReadOnlyList<V1Pod> pods) =>
        pods.Count > 0 && pods.All(pod => pod.Status?.Phase == PodPhases.Succeeded) ? Success : Failure;

    /// <summary>The run was stopped by a signal or <c>--stop-after</c>; pods failing before that do not count.</summary>
    public static int ForStoppedRun(bool terminationWasClean) => terminationWasClean ? Success : UncleanStop;
}
