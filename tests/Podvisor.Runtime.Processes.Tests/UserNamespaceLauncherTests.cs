using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// <see cref="UserNamespaceLauncher"/> for real (forced, so it runs as root too): starts through unshare and a setup
/// shell, execs through nsenter, and a container that needs no view of its own spawned as it is.
/// </summary>
public sealed class UserNamespaceLauncherTests
{
    [Fact]
    public async Task GivesAPrivateTmp_AndExecJoinsIt()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.UserNamespace });
        Assert.Equal(IsolationMode.UserNamespace, h.Runtime.Isolation.Mode);
        var marker = Path.Combine("/tmp", $"podvisor-userns-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(marker, "stale");
        try
        {
            var container = await h.ShAsync($"[ -e {marker} ] && echo visible || echo hidden; while [ ! -e {marker} ]; do sleep 0.05; done; echo $(cat {marker}) as $(id -u)");
            await h.Lines.WaitForAsync("hidden");

            var result = await container.ExecAsync(["sh", "-c", $"echo exec > {marker}"], TimeSpan.FromSeconds(10), CancellationToken.None);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("exec as 0", (await h.Lines.WaitForAsync(l => l.Text.StartsWith("exec", StringComparison.Ordinal))).Text);
            Assert.Equal("stale", await File.ReadAllTextAsync(marker));
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task ReadOnlyVolume_RefusesWrites()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.UserNamespace });
        var volume = Directory.CreateDirectory(Path.Combine(h.Directory, "v")).FullName;
        await File.WriteAllTextAsync(Path.Combine(volume, "f"), "data\n");

        var container = await h.Runtime.StartAsync(
            h.Launch(["sh", "-c", "cat /tmp/v/f; touch /tmp/v/g 2>/dev/null && echo wrote || echo refused"], mounts: [new("/tmp/v", volume, ReadOnly: true)]),
            CancellationToken.None);
        await Harness.Within(container.Exited);

        Assert.Equal(["data", "refused"], h.Lines.Snapshot().Select(l => l.Text));
    }

    [Fact]
    public async Task SubPathSwappedForALinkAfterTheCheck_IsNotBound()
    {
        // The engine resolved vol/a/b inside the volume; then a container replaced "a" with a link to a host directory.
        // `mount --rbind vol/a/b` would follow it and the container would write on the host.
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.UserNamespace });
        var volume = Directory.CreateDirectory(Path.Combine(h.Directory, "vol")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(h.Directory, "host", "b")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(volume, "a"), Path.GetDirectoryName(outside)!);

        var start = h.Runtime.StartAsync(
            h.Launch(["sh", "-c", "echo escaped > /srv/ESCAPED"], mounts: [new("/srv", Path.Combine(volume, "a", "b"), ReadOnly: false, Beneath: volume)]),
            CancellationToken.None);

        var failure = await Assert.ThrowsAsync<ContainerStartException>(() => start);
        Assert.Contains("error mounting", failure.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic links", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outside, "ESCAPED")), "the container wrote outside its volume");
    }

    [Fact]
    public async Task SubPath_IsBoundFromInsideTheVolume_WithItsOwnLinksWorking()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.UserNamespace });
        var volume = Directory.CreateDirectory(Path.Combine(h.Directory, "vol")).FullName;
        var sub = Directory.CreateDirectory(Path.Combine(volume, "a", "b")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sub, "real"), "through-link\n");
        File.CreateSymbolicLink(Path.Combine(sub, "alias"), "real");
        var file = Path.Combine(volume, "settings.conf");
        await File.WriteAllTextAsync(file, "setting\n");

        var container = await h.Runtime.StartAsync(
            h.Launch(
                ["sh", "-c", "cat /srv/alias /etc/settings.conf; echo written > /srv/out"],
                mounts: [new("/srv", sub, ReadOnly: false, Beneath: volume), new("/etc/settings.conf", file, ReadOnly: true, Beneath: volume)]),
            CancellationToken.None);

        Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        Assert.Equal(["through-link", "setting"], h.Lines.Snapshot().Select(l => l.Text));
        Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(sub, "out")));
    }

    [Fact]
    public async Task WithoutScratchOrVolumes_StartsAndExecsInTheHostsView_AndSignalsTheGroup()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.UserNamespace });
        var marker = Path.Combine("/tmp", $"podvisor-userns-plain-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(marker, "host\n");
        try
        {
            var container = await h.Runtime.StartAsync(
                h.Launch(["sh", "-c", GroupScript.Replace("MARKER", marker, StringComparison.Ordinal)]) with { ScratchDirectory = null },
                CancellationToken.None);
            await h.Lines.WaitForAsync("child-ready");

            var result = await Harness.Within(container.ExecAsync(["cat", marker], null, CancellationToken.None));
            container.Signal(Signals.SigTerm);

            Assert.Equal("host\n", result.Output);
            Assert.Equal("host", (await h.Lines.WaitForAsync(l => l.Text == "host")).Text);
            await h.Lines.WaitForAsync("child-got-term");
            Assert.Equal(0, (await Harness.Within(container.Exited)).ExitCode);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    /// <summary>
    /// Reads MARKER from the host's /tmp, then waits with a child that says when the stop signal reaches it. The shell
    /// waits for the child on SIGTERM: when it exits, the rest of its group is SIGKILLed, maybe before the child's trap ran.
    /// </summary>
    internal const string GroupScript = """
        cat MARKER
        (trap 'echo child-got-term; exit 0' TERM; echo child-ready; while :; do sleep 0.05; done) &
        trap 'wait $!; exit 0' TERM
        while :; do sleep 0.05; done
        """;

    [Fact]
    public Task AnExecWithATty_GetsATerminal() =>
        // kubectl exec -t: the terminal reaches the command through nsenter into the container's namespaces.
        TerminalExecCheck.ExecGetsATerminalAsync(IsolationPreference.UserNamespace);
}
