using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Chaos;

/// <summary>
/// Pure planning of the chaos faults: which fault applies to which hook and how long a stop signal is held. The
/// pod worker only carries the plan out, so every rule here is table-tested without processes or clocks.
/// </summary>
internal static class ChaosPlanner
{
    /// <summary>kuberuntime_manager.go <c>minimumGracePeriodInSeconds</c>: what a late stop signal still leaves.</summary>
    public static readonly TimeSpan MinimumGracePeriod = KillPlanner.MinimumGracePeriod;

    public static HookChaos ForHook(ChaosFaults faults, HookPhase phase, HookHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);

        // A dropped request is a transport failure: the hook fails at once, so there is nothing to run twice and
        // nothing to begin before the entrypoint (the entrypoint is released when the hook has "begun", i.e. failed).
        var drop = faults.HasFlag(ChaosFaults.DropHttpHook) && handler is HttpGetHookHandler;
        var postStart = phase == HookPhase.PostStart;

        // An unrunnable handler (tcpSocket) fails before it starts: it is never delivered, so never delivered twice.
        var runnable = handler is not UnsupportedHookHandler;
        return new HookChaos(
            RunTwice: postStart && runnable && !drop && faults.HasFlag(ChaosFaults.PostStartTwice),
            BeforeEntrypoint: postStart && faults.HasFlag(ChaosFaults.PostStartEarly),
            DropRequest: drop);
    }

    /// <summary>
    /// How long <c>late-stop-signal</c> holds the stop signal of a container whose remaining grace (after its preStop
    /// hook, as the kubelet counts it) is <paramref name="remainingGrace"/>: until only the 2 s minimum is left, so the
    /// app gets exactly the shortest drain the kubelet can give. Zero when the fault is off or nothing is left to take.
    /// </summary>
    public static TimeSpan StopSignalHold(ChaosFaults faults, TimeSpan remainingGrace) =>
        faults.HasFlag(ChaosFaults.LateStopSignal) && remainingGrace > MinimumGracePeriod
            ? remainingGrace - MinimumGracePeriod
            : TimeSpan.Zero;

    /// <summary>
    /// The argv that holds a process-runtime entrypoint until <paramref name="marker"/> exists in the container's view,
    /// then removes it and execs the real entrypoint (same PID, same arguments, same environment).
    /// </summary>
    public static IReadOnlyList<string> HeldArgv(IReadOnlyList<string> argv, string marker) =>
        ["/bin/sh", "-c", "while [ ! -e \"$0\" ]; do sleep 0.02; done; rm -f \"$0\"; exec \"$@\"", marker, .. argv];

    /// <summary>The container-side marker that releases a held entrypoint, unique per instance (the host's /tmp may be shared).</summary>
    public static string MarkerFor(string containerId) => $"/tmp/.podvisor-chaos-{containerId}";
}
