using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary><see cref="UnisolatedLauncher"/> (<c>PODVISOR_ISOLATION=none</c>): the host's view and PID namespace, no volumes.</summary>
public sealed class UnisolatedLauncherTests
{
    [Fact]
    public async Task SharesTheHostsTmp()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.None });
        var marker = Path.Combine("/tmp", $"podvisor-none-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(marker, "host\n");
        try
        {
            var container = await h.StartAsync("cat", marker);
            await Harness.Within(container.Exited);

            Assert.Equal("host", Assert.Single(h.Lines.Snapshot()).Text);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task RefusesAContainerWithVolumes()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.None });

        var error = await Assert.ThrowsAsync<ContainerStartException>(
            () => h.Runtime.StartAsync(h.Launch(["true"], mounts: [new("/data", h.Directory, false)]), CancellationToken.None));

        Assert.Contains("cannot mount volumes: filesystem isolation is disabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAndExec_RunInTheHostsView_AndTheStopSignalReachesTheWholeGroup()
    {
        // No PID namespace: SIGTERM goes to the container's whole group, a wrapper shell's child included (what the
        // policy's warning says); the exec runs in the host's PID namespace, a child of podvisor's.
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.None });
        var marker = Path.Combine("/tmp", $"podvisor-none-exec-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(marker, "host\n");
        try
        {
            var container = await h.ShAsync(UserNamespaceLauncherTests.GroupScript.Replace("MARKER", marker, StringComparison.Ordinal));
            await h.Lines.WaitForAsync("child-ready");

            var result = await Harness.Within(container.ExecAsync(["sh", "-c", $"cat {marker}; echo $PPID"], null, CancellationToken.None));
            container.Signal(Signals.SigTerm);

            Assert.Equal("host", result.Output.Split('\n')[0]);
            Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Output.Split('\n')[1]);
            await h.Lines.WaitForAsync("child-got-term");
            Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public Task AnExecWithATty_GetsATerminal() =>
        // kubectl exec -t: the terminal reaches the command in the host's view.
        TerminalExecCheck.ExecGetsATerminalAsync(IsolationPreference.None);
}
