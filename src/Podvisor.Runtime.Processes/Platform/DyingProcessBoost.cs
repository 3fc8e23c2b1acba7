namespace Podvisor.Runtime.Processes.Platform;

/// <summary>
/// Gives a container's process SCHED_FIFO (priority 1) in the instant before the grace period's SIGKILL, from the kill
/// thread, when that thread itself runs SCHED_FIFO (root, or CAP_SYS_NICE). A SIGKILLed process dies when it next runs
/// on a core: under busy neighbours an ordinary one waited milliseconds for it (bench/README.md, goal 2), so the kill
/// left on time and the death came late. A killed process never returns to user space, so the priority buys the app
/// nothing; it only lets the kernel end it at once. Not on a node: there a container dies when the scheduler gets to it,
/// which is later, never earlier, than here. The kernel refuses it for a process in a cpu cgroup without a realtime
/// budget (cgroup v1 with RT group scheduling: <c>cpu.rt_runtime_us</c> 0, as in podvisor's own cpu cgroups for CPU
/// limits and containerd's), and the kill goes on as before.
/// </summary>
internal static unsafe class DyingProcessBoost
{
    /// <summary>Whether the kill thread may raise a victim: it got SCHED_FIFO itself.</summary>
    public static bool Enabled => PreciseKillTimer.Shared.Realtime == true;

    private static long s_applied;

    /// <summary>How many victims were raised, in this process (tests; bench's traces).</summary>
    public static long Applied => Interlocked.Read(ref s_applied);

    /// <summary>Raises <paramref name="pid"/>; false when the kernel refused (no privilege, no realtime budget, gone).</summary>
    public static bool TryApply(int pid)
    {
        var priority = 1;
        if (Native.sched_setscheduler(pid, Native.SchedFifo, &priority) != 0)
        {
            return false;
        }

        Interlocked.Increment(ref s_applied);
        return true;
    }
}
