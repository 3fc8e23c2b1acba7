using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>The fallbacks for real: the unprivileged user namespace (forced, so it runs as root too) and no isolation.</summary>
public sealed class IsolationModesTests
{
    [Fact]
    public async Task UserNamespace_GivesAPrivateTmp_AndExecJoinsIt()
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
    public async Task UserNamespace_ReadOnlyVolume_RefusesWrites()
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
    public async Task None_SharesTheHostsTmp()
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
    public async Task None_RefusesAContainerWithVolumes()
    {
        await using var h = new Harness(new ProcessRuntimeOptions { Isolation = IsolationPreference.None });

        var error = await Assert.ThrowsAsync<ContainerStartException>(
            () => h.Runtime.StartAsync(h.Launch(["true"], mounts: [new("/data", h.Directory, false)]), CancellationToken.None));

        Assert.Contains("cannot mount volumes: filesystem isolation is disabled", error.Message, StringComparison.Ordinal);
    }
}
