using Podvisor.Runtime.Processes.Isolation;

namespace Podvisor.Runtime.Processes;

/// <summary>Tunables of <see cref="ProcessContainerRuntime"/>; the defaults mirror containerd and the kubelet.</summary>
internal sealed class ProcessRuntimeOptions
{
    /// <summary>containerd's <c>max_container_log_line_size</c>: longer lines are split into <c>P</c> records.</summary>
    public int MaxLogLineBytes { get; init; } = 16 * 1024;

    /// <summary>The kubelet's <c>containerLogMaxSize</c> (10Mi) and <c>containerLogMaxFiles</c> (5); see <see cref="Logging.RotatingLogFile"/>.</summary>
    public Logging.LogRotationPolicy LogRotation { get; init; } = Logging.LogRotationPolicy.Default;

    /// <summary>The kubelet's exec probe <c>maxReadLength</c> (10 KiB): exec output keeps its first bytes, the rest is dropped.</summary>
    public int ExecOutputLimitBytes { get; init; } = 10 * 1024;

    /// <summary>How much already-written output is read when the main process exits, before the exit is reported.</summary>
    public int ExitDrainLimitBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>After the exit, how long a process that escaped the group may keep the log pipes open before they are closed.</summary>
    public TimeSpan OutputGraceAfterExit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Start the guard process that kills every registered group if podvisor dies without disposing.</summary>
    public bool UseGuard { get; init; } = true;

    /// <summary>The POSIX shell the guard runs in.</summary>
    public string GuardShell { get; init; } = "/bin/sh";

    /// <summary>How containers get a private /tmp and their volumes; see <see cref="IsolationPolicy"/>.</summary>
    public IsolationPreference Isolation { get; init; } = IsolationPreference.Auto;

    /// <summary>What the host allows; null asks the host itself (tests inject answers).</summary>
    public IIsolationProbe? IsolationProbe { get; init; }

    /// <summary>
    /// Send the grace period's SIGKILL from <see cref="Platform.PreciseKillTimer"/> (default); false leaves it to the
    /// engine's own timer on the thread pool (<c>PODVISOR_KILL_TIMER=engine</c>, to compare the two).
    /// </summary>
    public bool PreciseKill { get; init; } = true;

    /// <summary>
    /// How many starts may hold their transient descriptors at once (pipes, start gate, namespace handles: about ten
    /// each); the others wait their turn. Unbounded, 5000 pods admitted together held five descriptors each before the
    /// first had spawned and ran out of a 20000 limit (bench/README.md, scale).
    /// </summary>
    public int MaxConcurrentStarts { get; init; } = 16;
}
