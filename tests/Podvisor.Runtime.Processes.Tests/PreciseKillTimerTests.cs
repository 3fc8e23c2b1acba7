using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>The runtime's kill-timer thread on real processes: when it kills, and that a disarmed kill never goes out.</summary>
public sealed class PreciseKillTimerTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Armed_KillsTheContainerAtTheDeadline_NotBefore()
    {
        var container = await _h.StartAsync("sleep", "1000");
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(300);

        using var armed = PreciseKillTimer.Shared.Arm(container, deadline);
        var sent = await Harness.Within(armed.Sent);
        var exit = await Harness.Within(container.Exited);

        Assert.True(sent >= deadline, $"sent {(deadline - sent).TotalMilliseconds} ms before the deadline");
        Assert.True(exit.FinishedAt >= deadline);
        Assert.Equal(Signals.SigKill, exit.Signal);
    }

    [Fact]
    public async Task Disarmed_BeforeItsDeadline_NeverKills_ALaterOneStillDoes()
    {
        var spared = await _h.StartAsync("sleep", "1000");
        var killed = await _h.StartAsync("sleep", "1000");
        var now = TimeProvider.System.GetUtcNow();

        var disarmed = PreciseKillTimer.Shared.Arm(spared, now + TimeSpan.FromMilliseconds(200));
        using var later = PreciseKillTimer.Shared.Arm(killed, now + TimeSpan.FromMilliseconds(400));
        disarmed.Dispose();

        // The thread handles deadlines in order: once the later kill went out, the earlier one was passed over.
        await Harness.Within(later.Sent);
        await Harness.Within(killed.Exited);
        Assert.False(disarmed.Sent.IsCompleted);
        Assert.False(spared.Exited.IsCompleted);
        Assert.False(ProcessProbe.IsGone(spared.ProcessId));
    }

    [Fact]
    public async Task EarlierDeadline_ArmedAfterALaterOne_FiresFirst()
    {
        // The timer was set for the far deadline; arming a nearer one must wake the thread sooner.
        var far = await _h.StartAsync("sleep", "1000");
        var near = await _h.StartAsync("sleep", "1000");
        var now = TimeProvider.System.GetUtcNow();

        using var farKill = PreciseKillTimer.Shared.Arm(far, now + TimeSpan.FromMinutes(5));
        using var nearKill = PreciseKillTimer.Shared.Arm(near, now + TimeSpan.FromMilliseconds(100));

        await Harness.Within(nearKill.Sent);
        await Harness.Within(near.Exited);
        farKill.Dispose();
        Assert.False(farKill.Sent.IsCompleted);
        Assert.False(far.Exited.IsCompleted);
    }

    [Fact]
    public async Task PastDeadline_KillsAtOnce()
    {
        var container = await _h.StartAsync("sleep", "1000");

        using var armed = PreciseKillTimer.Shared.Arm(container, TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(1));

        await Harness.Within(armed.Sent);
        Assert.Equal(Signals.SigKill, (await Harness.Within(container.Exited)).Signal);
    }

    [Fact]
    public async Task AsRoot_TheThreadRunsRealtime()
    {
        // SCHED_FIFO needs CAP_SYS_NICE (root has it on our machines): the reason the kill is not late on busy cores.
        Assert.True(HasCapSysNice(), "this test needs CAP_SYS_NICE (root on our machines and CI): run it with sudo");
        var container = await _h.StartAsync("sleep", "1000");
        using var armed = PreciseKillTimer.Shared.Arm(container, TimeProvider.System.GetUtcNow());
        await Harness.Within(armed.Sent);

        Assert.True(PreciseKillTimer.Shared.Realtime);
    }

    [Fact]
    public async Task AsRoot_TheVictimIsRaisedToRealtime_InTheInstantBeforeItsKill()
    {
        Assert.True(HasCapSysNice(), "this test needs CAP_SYS_NICE (root on our machines and CI): run it with sudo");
        var container = await _h.StartAsync("sleep", "1000");
        var before = DyingProcessBoost.Applied;

        using var armed = PreciseKillTimer.Shared.Arm(container, TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(50));
        await Harness.Within(armed.Sent);
        await Harness.Within(container.Exited);

        // Other tests' kills may be raised meanwhile: at least this one was (the rehearsal at arm time raises nothing).
        Assert.True(DyingProcessBoost.Applied > before, "the kill thread should have raised the victim before its SIGKILL");
    }

    [Fact]
    public async Task TheBoost_IsSchedFifoOnTheProcess()
    {
        Assert.True(HasCapSysNice(), "this test needs CAP_SYS_NICE (root on our machines and CI): run it with sudo");
        var container = await _h.StartAsync("sleep", "1000");
        var pid = container.ProcessId;

        Assert.Equal(0, Policy(pid));
        Assert.True(DyingProcessBoost.TryApply(pid));
        Assert.Equal(1, Policy(pid));

        container.Signal(Signals.SigKill);
        await Harness.Within(container.Exited);
    }

    [Fact]
    public async Task TheStopSignal_IsSentOnTheKillThread_AndItsInstantReadThere()
    {
        // The grace period counts from this instant: read on the thread that sent the signal, right after it.
        var target = new SignalThreadRecorder();
        var before = TimeProvider.System.GetUtcNow();

        var sent = await Harness.Within(PreciseKillTimer.Shared.SignalAsync(target, Signals.SigTerm));

        Assert.Equal((Signals.SigTerm, "podvisor-kill-timer"), target.Sent);
        Assert.InRange(sent, before, TimeProvider.System.GetUtcNow());
    }

    [Fact]
    public async Task TheStopSignal_ReachesTheContainersProcess()
    {
        var container = await _h.StartAsync("sleep", "1000");

        await Harness.Within(PreciseKillTimer.Shared.SignalAsync(container, Signals.SigKill));

        Assert.Equal(Signals.SigKill, (await Harness.Within(container.Exited)).Signal);
    }

    /// <summary>The scheduling policy of <c>/proc/PID/stat</c> (field 41: 0 SCHED_OTHER, 1 SCHED_FIFO).</summary>
    private static int Policy(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[41 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool HasCapSysNice()
    {
        // CapEff in /proc/self/status is a hex mask; CAP_SYS_NICE is bit 23.
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (mask & (1UL << 23)) != 0;
    }
}
