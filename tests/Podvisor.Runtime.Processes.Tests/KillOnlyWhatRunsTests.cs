using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Platform;
using Podvisor.Runtime.Processes.Tests.Support;
using Podvisor.Testing;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// The grace period's SIGKILL goes only to a process that still runs. With many containers stopping at once the
/// event loop reaps their exits one after another, so a deadline can pass while an exit waits there: that process
/// has stopped on its signal and must be neither killed nor reported killed.
/// </summary>
public sealed class KillOnlyWhatRunsTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Leader_ExitedButNotYetReaped_SignalIfRunning_SendsNothing_ExitCodeAsGiven()
    {
        using var loop = new EventLoop();
        using var release = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();
        ProcessGroupLeader leader;
        try
        {
            // Hold the loop thread, as a long queue of other exits would, before the process exists: its exit is then
            // the kernel's, not yet the loop's.
            loop.Post(() =>
            {
                holding.Set();
                release.Wait(Harness.UpperBound);
            });
            Assert.True(holding.Wait(Harness.UpperBound), "the event loop never ran the posted action");
            leader = Spawn(loop, "exit 3");
            await Polling.EventuallyAsync(() => ProcessProbe.IsGone(leader.Pid), Harness.UpperBound, TimeSpan.FromMilliseconds(10), () => "the process never exited");

            Assert.False(leader.Exited.IsCompleted);
            Assert.False(leader.SignalIfRunning(leaderOnly: true, Signals.SigKill));
            Assert.False(leader.SignalIfRunning(leaderOnly: false, Signals.SigKill));
        }
        finally
        {
            release.Set();
        }

        var exit = await Harness.Within(leader.Exited);
        Assert.Equal(3, exit.ExitCode);
        Assert.Null(exit.Signal);
        Assert.False(leader.SignalIfRunning(leaderOnly: true, Signals.SigKill));
    }

    [Fact]
    public async Task Leader_StillRunning_SignalIfRunning_Kills()
    {
        using var loop = new EventLoop();
        var leader = Spawn(loop, "sleep 1000");
        try
        {
            Assert.True(leader.SignalIfRunning(leaderOnly: true, Signals.SigKill));

            Assert.Equal(Signals.SigKill, (await Harness.Within(leader.Exited)).Signal);
        }
        finally
        {
            // Never left behind, even when an assertion above failed.
            leader.Signal(Signals.SigKill);
            await Harness.Within(leader.Exited);
        }
    }

    [Fact]
    public async Task Timer_ContainerAlreadyExited_NothingSent_ALaterKillStillGoesOut()
    {
        var exited = await _h.ShAsync("exit 0");
        Assert.Equal(0, (await Harness.Within(exited.Exited)).ExitCode);
        var running = await _h.StartAsync("sleep", "1000");
        var now = TimeProvider.System.GetUtcNow();

        using var spared = PreciseKillTimer.Shared.Arm(exited, now - TimeSpan.FromSeconds(1));
        using var later = PreciseKillTimer.Shared.Arm(running, now + TimeSpan.FromMilliseconds(200));

        // The thread handles deadlines in order: once the later kill went out, the earlier one had its turn.
        await Harness.Within(later.Sent);
        Assert.Equal(Signals.SigKill, (await Harness.Within(running.Exited)).Signal);
        Assert.False(spared.Sent.IsCompleted);
    }

    [Fact]
    public async Task Timer_ExitNotYetHandled_NothingSent()
    {
        // A container whose runtime knows its process has exited although its exit is not handled yet.
        var stopped = new ExitedUnhandled();
        var running = await _h.StartAsync("sleep", "1000");
        var now = TimeProvider.System.GetUtcNow();

        using var spared = PreciseKillTimer.Shared.Arm(stopped, now - TimeSpan.FromSeconds(1));
        using var later = PreciseKillTimer.Shared.Arm(running, now + TimeSpan.FromMilliseconds(200));

        await Harness.Within(later.Sent);

        // Asked once when armed (the null signal: nothing sent) and once at the deadline, which it refused.
        Assert.Equal([0, Signals.SigKill], stopped.Asked);
        Assert.Empty(stopped.Signals);
        Assert.False(spared.Sent.IsCompleted);
    }

    private static ProcessGroupLeader Spawn(EventLoop loop, string script)
    {
        var error = Spawner.Spawn(new SpawnRequest("/bin/sh", ["sh", "-c", script], ["PATH=/usr/bin:/bin"], "/", StdoutFd: null, StderrFd: null), out var pid);
        Assert.Equal(0, error);
        return ProcessGroupLeader.Watch(loop, TimeProvider.System, pid, beforeReap: null, afterGroupKilled: null);
    }

    private sealed class ExitedUnhandled : IRunningContainer, IKillIfRunning
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _asked = new();

        public int[] Asked => [.. _asked];

        public List<int> Signals { get; } = [];

        public string Id => "exited-unhandled";

        public int ProcessId => 0;

        public DateTimeOffset StartedAt => DateTimeOffset.UnixEpoch;

        public Task<ContainerExit> Exited { get; } = new TaskCompletionSource<ContainerExit>().Task;

        public bool SignalIfRunning(int signal)
        {
            _asked.Enqueue(signal);
            return false;
        }

        public void Signal(int signal) => Signals.Add(signal);

        public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan? timeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IExecSession> StartExecAsync(IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
