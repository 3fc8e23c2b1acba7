using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;
using Podvisor.Runtime.Processes.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// What the kill timer does before a deadline so that the deadline itself runs warm code and waits for no other
/// thread: its thread runs the container's kill check with the null signal when it takes a kill in, it has run its own path once before
/// taking a kill, and kills armed from many threads at once reach it without a lock.
/// </summary>
public sealed class KillTimerPreparationTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Arm_TheTimerThreadRunsTheKillCheckWithTheNullSignal_LongBeforeTheDeadline()
    {
        var target = new RecordingKillTarget();

        var armed = PreciseKillTimer.Shared.Arm(target, TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(5));
        try
        {
            Assert.True(PreciseKillTimer.Shared.WarmedUp);
            await Polling.EventuallyAsync(() => target.Asked.Length > 0, Harness.UpperBound, TimeSpan.FromMilliseconds(5), () => "the timer thread never ran the kill's check");
            Assert.Equal([0], target.Asked);
        }
        finally
        {
            armed.Dispose();
        }

        Assert.False(armed.Sent.IsCompleted);
        Assert.Equal([0], target.Asked);
    }

    [Fact]
    public async Task NullSignal_ToARunningLeader_SendsNothing()
    {
        var container = await _h.StartAsync("sleep", "1000");
        var conditional = (IKillIfRunning)container;

        Assert.True(conditional.SignalIfRunning(0));

        // Still running: a real signal now goes out and is the one that ends it.
        Assert.False(container.Exited.IsCompleted);
        Assert.False(ProcessProbe.IsGone(container.ProcessId));
        Assert.True(conditional.SignalIfRunning(Signals.SigKill));
        Assert.Equal(Signals.SigKill, (await Harness.Within(container.Exited)).Signal);
    }

    [Fact]
    public async Task ManyThreadsArmAtOnce_EveryKillFires_NoneBeforeItsDeadline()
    {
        var now = TimeProvider.System.GetUtcNow();
        var kills = Enumerable.Range(0, 64).Select(i => (Target: new RecordingKillTarget(), Deadline: now + TimeSpan.FromMilliseconds(i % 16))).ToArray();
        var armed = new IArmedKill[kills.Length];

        Parallel.For(0, kills.Length, i => armed[i] = PreciseKillTimer.Shared.Arm(kills[i].Target, kills[i].Deadline));
        try
        {
            var sent = await Harness.Within(Task.WhenAll(armed.Select(a => a.Sent)));

            for (var i = 0; i < kills.Length; i++)
            {
                Assert.True(sent[i] >= kills[i].Deadline, $"kill {i} sent {(kills[i].Deadline - sent[i]).TotalMilliseconds} ms before its deadline");
                Assert.Equal([0, Signals.SigKill], kills[i].Target.Asked);
            }
        }
        finally
        {
            foreach (var kill in armed)
            {
                kill?.Dispose();
            }
        }
    }
}
