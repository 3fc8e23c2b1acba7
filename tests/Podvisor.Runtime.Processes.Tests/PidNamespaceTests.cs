using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>Container semantics as root: a PID namespace per container (or one per pod), seen from inside and from the host.</summary>
public sealed class PidNamespaceTests : IAsyncLifetime
{
    // A daemon that leaves the container's session and group, double-forks and ignores SIGTERM: only a PID namespace catches it.
    private const string DaemonScript = """
        setsid sh -c 'trap "" TERM; sh -c "trap \"\" TERM; echo daemon \$\$; exec sleep 1000" &'
        trap 'exit 0' TERM
        echo ready
        while :; do sleep 0.05; done
        """;

    private readonly Harness _h = new();

    public Task InitializeAsync()
    {
        Assert.True(Podvisor.Runtime.Processes.Platform.Native.geteuid() == 0,
            "PidNamespaceTests need root (PID namespaces in the process runtime are root's mode): run the tests as root, as .ci/run does");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task ContainersOwnProc_ListsOnlyItsProcesses_FromAnExecHook()
    {
        var container = await _h.ShAsync("sleep 1000 & echo ready; wait");
        await _h.Lines.WaitForAsync("ready");

        var result = await Harness.Within(container.ExecAsync(["sh", "-c", "cd /proc && echo [0-9]*"], null, CancellationToken.None));

        // PID 1 (the shell), 2 (its sleep), and the exec's own shell: nothing of the host.
        var pids = result.Output.Trim().Split(' ').Select(int.Parse).Order().ToList();
        Assert.Equal([1, 2], pids.Take(2));
        Assert.Equal(3, pids.Count);
    }

    [Fact]
    public async Task Exec_JoinsTheContainersPidNamespace_AndSeesItsFirstProcessAsPid1()
    {
        var container = await _h.StartAsync("sleep", "1000");

        var result = await Harness.Within(container.ExecAsync(["sh", "-c", "echo $$; cat /proc/1/cmdline"], null, CancellationToken.None));

        // The exec's shell is the namespace's second process (on the host it would print a host PID).
        Assert.Equal("2\nsleep\01000\0", result.Output);
    }

    [Fact]
    public async Task SetsidDaemon_DiesWithItsContainer_OnAGracefulStop()
    {
        var container = await _h.ShAsync(DaemonScript);
        await _h.Lines.WaitForAsync("ready");
        var daemon = ProcessProbe.HostPid(container.ProcessId, await _h.Lines.WaitForPidAsync("daemon"));

        container.Signal(Signals.SigTerm);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(daemon));
    }

    [Fact]
    public async Task SetsidDaemon_DiesWhenTheGuardFires_AsWhenPodvisorIsKilled()
    {
        var container = await _h.ShAsync(DaemonScript);
        var daemon = ProcessProbe.HostPid(container.ProcessId, await _h.Lines.WaitForPidAsync("daemon"));

        _h.Runtime.Guard!.CloseInput(); // what the kernel does when podvisor dies

        Assert.True(await ProcessProbe.WaitUntilGoneAsync(daemon));
        Assert.Equal(137, (await Harness.Within(container.Exited)).ExitCode);
    }

    [Fact]
    public async Task SharedProcessNamespace_PauseIsPid1_ContainersSeeEachOther_DisposalKillsADaemon()
    {
        var sandbox = await _h.Runtime.RunPodSandboxAsync(new PodSandboxConfig("default", "p", "uid", _h.Directory, ShareProcessNamespace: true), CancellationToken.None);
        var first = await sandbox.StartContainerAsync(_h.Launch(["sh", "-c", DaemonScript]), CancellationToken.None);
        var daemon = ProcessProbe.HostPid(first.ProcessId, await _h.Lines.WaitForPidAsync("daemon"));
        var second = await sandbox.StartContainerAsync(_h.Launch(["sleep", "1000"]), CancellationToken.None);

        var pid1 = await Harness.Within(second.ExecAsync(["cat", "/proc/1/cmdline"], null, CancellationToken.None));
        var seen = await Harness.Within(second.ExecAsync(["sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '"], null, CancellationToken.None));

        Assert.StartsWith("pause\0-c\0", pid1.Output, StringComparison.Ordinal);
        Assert.Contains("sleep 1000", seen.Output, StringComparison.Ordinal);
        Assert.Contains(DaemonScript.Split('\n')[0], seen.Output, StringComparison.Ordinal);
        Assert.NotEqual(first.ProcessId, ProcessProbe.HostPid(first.ProcessId, 1));

        // A container's process is not PID 1 here: SIGTERM's default action applies to `sleep`.
        second.Signal(Signals.SigTerm);
        Assert.Equal(143, (await Harness.Within(second.Exited)).ExitCode);

        await Harness.Within(sandbox.DisposeAsync().AsTask());

        Assert.True(await ProcessProbe.WaitUntilGoneAsync(daemon));
        Assert.Equal(137, (await Harness.Within(first.Exited)).ExitCode);
    }
}
