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
    public async Task Signal_Term_ReachesPid1Only_AWrapperShellHidesItFromItsChild()
    {
        // `sh -c 'app; ...'`: the stop signal goes to PID 1 (the shell) alone, as runc delivers it; the app never sees it.
        // kill(2) decides delivery before it returns, so once the shell's trap ran, a group delivery would have reached the child too.
        var container = await _h.ShAsync("""
            (trap 'echo child-got-term; exit 0' TERM; echo child-ready; while :; do sleep 0.05; done) &
            trap 'echo shell-got-term' TERM
            echo ready
            while :; do sleep 0.05; done
            """);
        await _h.Lines.WaitForAsync("ready");
        await _h.Lines.WaitForAsync("child-ready");

        container.Signal(Signals.SigTerm);
        await _h.Lines.WaitForAsync("shell-got-term");

        Assert.DoesNotContain(_h.Lines.Snapshot(), l => l.Text == "child-got-term");
        container.Signal(Signals.SigKill);
        var exit = await Harness.Within(container.Exited);
        Assert.Equal(137, exit.ExitCode);
        Assert.Equal(Signals.SigKill, exit.Signal);
        Assert.DoesNotContain(_h.Lines.Snapshot(), l => l.Text == "child-got-term");
    }

    [Fact]
    public async Task Signal_Term_ExecInTheShell_PassesItOnToTheApp()
    {
        // The fix for the wrapper shell: `exec app` makes the app PID 1, so it receives the stop signal itself.
        var container = await _h.ShAsync("""exec sh -c 'trap "echo app-got-term; exit 0" TERM; echo ready; while :; do sleep 0.05; done'""");
        await _h.Lines.WaitForAsync("ready");

        container.Signal(Signals.SigTerm);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Contains(_h.Lines.Snapshot(), l => l.Text == "app-got-term");
    }

    [Fact]
    public async Task Signal_Term_ToAPid1WithoutAHandler_IsDropped_OnlyKillEndsIt()
    {
        // `sleep` as PID 1 has no handler: the kernel drops SIGTERM at send time (never pending, process not dying), so
        // the kubelet's SIGKILL at the end of the grace period ends it: 137 (the engine test measures the grace period).
        var container = await _h.StartAsync("sleep", "1000");

        container.Signal(Signals.SigTerm);

        Assert.False(ProcessProbe.IsGone(container.ProcessId));
        Assert.False(ProcessProbe.HasPendingSignal(container.ProcessId, Signals.SigTerm));
        Assert.False(container.Exited.IsCompleted);
        container.Signal(Signals.SigKill);
        var exit = await Harness.Within(container.Exited);
        Assert.Equal(137, exit.ExitCode);
        Assert.Equal(Signals.SigKill, exit.Signal);
        Assert.True(exit.FinishedAt >= container.StartedAt);
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
    public async Task Exit_OfPid1_KillsASetsidDoubleForkedDaemonIgnoringTerm()
    {
        // The daemon leaves the container's session and group and ignores SIGTERM: only the PID namespace catches it.
        var container = await _h.ShAsync("""
            setsid sh -c 'trap "" TERM; sh -c "trap \"\" TERM; echo daemon \$\$; exec sleep 1000" &' 
            trap 'exit 0' TERM
            while :; do sleep 0.05; done
            """);
        var daemon = ProcessProbe.HostPid(container.ProcessId, await _h.Lines.WaitForPidAsync("daemon"));
        Assert.NotEqual(SessionOf(container.ProcessId), SessionOf(daemon));

        container.Signal(Signals.SigTerm);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(daemon));
    }

    [Fact]
    public async Task Exit_OfMainProcess_KillsLeftoverGroupMembers()
    {
        var container = await _h.ShAsync("sleep 1000 & echo child $!; while [ ! -e /tmp/go ]; do sleep 0.01; done; exit 3");
        var child = ProcessProbe.HostPid(container.ProcessId, await _h.Lines.WaitForPidAsync("child"));

        await Harness.Within(container.ExecAsync(["touch", "/tmp/go"], null, CancellationToken.None));

        Assert.Equal(3, (await Harness.Within(container.Exited)).ExitCode);
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(child));
    }

    /// <summary>The session of a process (field 6 of its stat), to show the daemon left the container's.</summary>
    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
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
