using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

public sealed class ProcessContainerRuntimeLifetimeTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    // xunit v2 calls IAsyncLifetime, not IAsyncDisposable, on test classes.
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task DisposeAsync_KillsAndReapsEveryContainerAndExec()
    {
        var first = await _h.ShAsync("sleep 1000 & echo child $!; wait");
        var child = ProcessProbe.HostPid(first.ProcessId, await _h.Lines.WaitForPidAsync("child"));
        var second = await _h.StartAsync("sleep", "1000");
        var exec = second.ExecAsync(["sleep", "1000"], null, CancellationToken.None);

        await Harness.Within(_h.Runtime.DisposeAsync().AsTask());

        Assert.Equal(Signals.SigKill, (await first.Exited).Signal);
        Assert.Equal(Signals.SigKill, (await second.Exited).Signal);
        Assert.Equal(137, (await Harness.Within(exec)).ExitCode);
        Assert.True(ProcessProbe.IsGone(first.ProcessId));
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(child));
    }

    [Fact]
    public async Task Guard_WhenItsInputCloses_KillsRegisteredGroups()
    {
        var container = await _h.ShAsync("sleep 1000 & echo child $!; wait");
        var child = ProcessProbe.HostPid(container.ProcessId, await _h.Lines.WaitForPidAsync("child"));
        var guard = _h.Runtime.Guard!; // the harness uses default options, which start the guard

        guard.CloseInput(); // what the kernel does when podvisor dies

        var exit = await Harness.Within(container.Exited);
        Assert.Equal(Signals.SigKill, exit.Signal);
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(child));
        await Harness.Within(guard.Exited);
    }

    [Fact]
    public async Task Guard_UnregistersReapedGroups()
    {
        var done = await _h.StartAsync("true");
        await Harness.Within(done.Exited);
        var running = await _h.StartAsync("sleep", "1000");

        _h.Runtime.Guard!.CloseInput();

        Assert.Equal(137, (await Harness.Within(running.Exited)).ExitCode);
        await Harness.Within(_h.Runtime.Guard.Exited);
    }
}
