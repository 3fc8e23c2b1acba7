using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

public sealed class ProcessContainerSignalTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    // xunit v2 calls IAsyncLifetime, not IAsyncDisposable, on test classes.
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task Signal_TermIgnoredByTrap_KeepsRunningUntilKill()
    {
        // A witness in the same group reports that TERM was delivered; the main shell ignores it.
        // kill(-pgid) queues or discards the signal for every member before it returns, so once the
        // witness saw it, the ignoring shell (and its ignoring sleep) had it too.
        var container = await _h.ShAsync("""
            (trap 'echo witness-got-term; exit 0' TERM; echo witness-ready; while :; do sleep 0.05; done) &
            trap '' TERM
            echo ready
            while true; do sleep 1; done
            """);
        await _h.Lines.WaitForAsync("ready");
        await _h.Lines.WaitForAsync("witness-ready");

        container.Signal(Signals.SigTerm);
        await _h.Lines.WaitForAsync("witness-got-term");

        Assert.False(container.Exited.IsCompleted);
        Assert.False(ProcessProbe.IsGone(container.ProcessId));

        container.Signal(Signals.SigKill);
        var exit = await Harness.Within(container.Exited);
        Assert.Equal(137, exit.ExitCode);
        Assert.Equal(Signals.SigKill, exit.Signal);
    }

    [Fact]
    public async Task Signal_TermTrappedWithExit_ExitsZero()
    {
        var container = await _h.ShAsync("trap 'exit 0' TERM; echo ready; while true; do sleep 1; done");
        await _h.Lines.WaitForAsync("ready");

        container.Signal(Signals.SigTerm);

        var exit = await Harness.Within(container.Exited);
        Assert.Equal(0, exit.ExitCode);
        Assert.Null(exit.Signal);
    }

    [Fact]
    public async Task Signal_TermUntrapped_Exits143()
    {
        var container = await _h.StartAsync("sleep", "1000");

        container.Signal(Signals.SigTerm);

        var exit = await Harness.Within(container.Exited);
        Assert.Equal(143, exit.ExitCode);
        Assert.Equal(Signals.SigTerm, exit.Signal);
        Assert.True(exit.FinishedAt >= container.StartedAt);
    }

    [Fact]
    public async Task Signal_ReachesGrandchildren()
    {
        var container = await _h.ShAsync("sleep 1000 & echo child $!; wait");
        var child = await _h.Lines.WaitForPidAsync("child");

        container.Signal(Signals.SigTerm);

        Assert.Equal(143, (await Harness.Within(container.Exited)).ExitCode);
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(child));
    }

    [Fact]
    public async Task Exit_OfMainProcess_KillsLeftoverGroupMembers()
    {
        var container = await _h.ShAsync("sleep 1000 & echo child $!; exit 3");
        var child = await _h.Lines.WaitForPidAsync("child");

        Assert.Equal(3, (await Harness.Within(container.Exited)).ExitCode);
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(child));
    }

    [Fact]
    public async Task Signal_AfterReap_IsANoOp()
    {
        var container = await _h.StartAsync("true");
        await Harness.Within(container.Exited);

        container.Signal(Signals.SigKill);
        container.Signal(Signals.SigTerm);
    }
}
