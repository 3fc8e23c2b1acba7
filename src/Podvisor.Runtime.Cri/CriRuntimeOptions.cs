namespace Podvisor.Runtime.Cri;

/// <summary>Tunables of the CRI runtime; defaults in initializers.</summary>
internal sealed class CriRuntimeOptions
{
    /// <summary>
    /// How often a running container's status is read when its init process cannot be watched by a pidfd (a runtime
    /// in another PID namespace): CRI v1 as containerd 1.6 serves it has no <c>GetContainerEvents</c>.
    /// </summary>
    public TimeSpan ExitPollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Watch each container's init process by a pidfd (the exit is seen when it happens); false: poll only.</summary>
    public bool WatchInitProcess { get; init; } = true;

    /// <summary>
    /// The safety net while a pidfd watches the init process: the status is still read this often, so an exit the
    /// pidfd could not show (containerd removed the container, or restarted) is still found.
    /// </summary>
    public TimeSpan ExitSafetyPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After the pidfd showed the death and a first status read, the wait before the second until a hand-over has been
    /// seen by this runtime (then three quarters of the quickest seen: <see cref="ExitHandOverClock"/>). containerd 1.6
    /// records an exit only after deleting the task: never sooner than 140 ms after the death here (bench/README.md, CRI
    /// section), so reads before that only compete with the delete for the cores.
    /// </summary>
    public TimeSpan ExitConfirmFirstWait { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The first wait between status reads after the second, each next doubling up to <see cref="ExitConfirmMaxInterval"/>.</summary>
    public TimeSpan ExitConfirmInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest wait between status reads once the death is known (a 50 ms step left 25 ms on average between containerd's record and the read).</summary>
    public TimeSpan ExitConfirmMaxInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Offer the engine the process runtime's kill timer thread for the grace period's SIGKILL (sent through the init
    /// process's pidfd at the deadline; <c>StopContainer</c> with timeout 0 follows as the backstop). False: the
    /// engine's own timer sends it as a <c>StopContainer</c>.
    /// </summary>
    public bool PreciseKill { get; init; } = true;

    /// <summary>
    /// Once the grace period's SIGKILL has gone through the init pidfd, raise the container's cgroup CPU weight to its
    /// maximum so the kernel ends it without waiting behind the machine's other work (<see cref="DyingContainerBoost"/>).
    /// </summary>
    public bool BoostDyingContainer { get; init; } = true;

    /// <summary>
    /// After the grace period's SIGKILL went through the init pidfd, how long the <c>StopContainer</c> (timeout 0) that
    /// follows waits for the pidfd to show the death before it is sent anyway (it is sent at the death when that comes
    /// first): sent at once, containerd, its shim and the <c>runc kill</c> they start compete with the dying container for
    /// the cores in the milliseconds it needs them.
    /// </summary>
    public TimeSpan KillBackstopDelay { get; init; } = TimeSpan.FromMilliseconds(100);

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
