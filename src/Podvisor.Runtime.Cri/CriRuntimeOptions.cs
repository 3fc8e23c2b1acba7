namespace Podvisor.Runtime.Cri;

/// <summary>Tunables of the CRI runtime; defaults in initializers.</summary>
internal sealed class CriRuntimeOptions
{
    /// <summary>
    /// How often a running container's status is read: CRI v1 as containerd 1.6 serves it has no
    /// <c>GetContainerEvents</c>, so exits are found by polling <c>ContainerStatus</c> (one cheap call each).
    /// </summary>
    public TimeSpan ExitPollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a container's log file is read for new lines (the live view only; the file is the record).</summary>
    public TimeSpan LogPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The kubelet keeps this much of an exec's output (<c>maxRespBodyLength</c>, 10 KiB).</summary>
    public int ExecOutputLimitBytes { get; init; } = 10 * 1024;

    /// <summary>
    /// The timeout given to <c>StopContainer</c> for the stop signal. The engine keeps the grace period and sends
    /// the SIGKILL itself (a second <c>StopContainer</c> with timeout 0) at its deadline; this only bounds the call.
    /// </summary>
    public TimeSpan StopSignalCallTimeout { get; init; } = TimeSpan.FromHours(1);
}
