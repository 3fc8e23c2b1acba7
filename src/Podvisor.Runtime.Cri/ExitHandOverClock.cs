namespace Podvisor.Runtime.Cri;

/// <summary>
/// How soon, at the quickest, containerd has recorded an exit after the init pidfd showed the death (its CRI plugin
/// writes the exit only after deleting the task: its shim runs <c>runc delete</c>). Each container of the runtime
/// notes its own hand-over; the next one waits three quarters of the quickest seen before its second status read
/// (before any, <see cref="CriRuntimeOptions.ExitConfirmFirstWait"/>), so reads made before containerd can answer are
/// not made, while a hand-over faster than every earlier one is still found at most a quarter of it late.
/// </summary>
internal sealed class ExitHandOverClock
{
    private long _quickestTicks = long.MaxValue;

    /// <summary>The quickest hand-over noted; null before the first.</summary>
    public TimeSpan? Quickest => Volatile.Read(ref _quickestTicks) is var ticks && ticks != long.MaxValue ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>The wait before the read after the one made at the death: three quarters of the quickest hand-over, or <paramref name="unknown"/> before any.</summary>
    public TimeSpan FirstWait(TimeSpan unknown) => Quickest is { } quickest ? quickest * 3 / 4 : unknown;

    /// <summary>Notes one hand-over (from the pidfd's readiness to the status read that showed the exit).</summary>
    public void Note(TimeSpan handOver)
    {
        var ticks = handOver.Ticks;
        var seen = Volatile.Read(ref _quickestTicks);
        while (ticks < seen)
        {
            var was = Interlocked.CompareExchange(ref _quickestTicks, ticks, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
