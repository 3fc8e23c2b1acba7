using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// As root, a container's <c>requests.cpu</c> and <c>limits.cpu</c> are its cpu cgroup's shares and CFS quota, as runc
/// sets them from the kubelet's <c>LinuxContainerResources</c> on a node: a busy container is throttled to its limit.
/// </summary>
public sealed class CpuLimitTests : IAsyncLifetime
{
    // 100m: the kubelet's quota is 10 ms of every 100 ms period, its shares 102 (milliCPUToQuota, milliCPUToShares).
    private static readonly ContainerResources Limited = new(CpuPeriod: 100_000, CpuQuota: 10_000, CpuShares: 102, MemoryLimitInBytes: 0, OomScoreAdj: 1000);

    private readonly Harness _h = new();
    private string _lastId = string.Empty;

    public Task InitializeAsync()
    {
        Assert.True(Podvisor.Runtime.Processes.Platform.Native.geteuid() == 0,
            "CpuLimitTests need root (cpu cgroups): run the tests as root, as .ci/run does");
        Assert.True(_h.Runtime.CpuCgroupDirectory is not null, $"this host gives root no cpu cgroup: {_h.Runtime.HostWarning}");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    private string CgroupDirectory => Path.Combine(_h.Runtime.CpuCgroupDirectory!, _lastId);

    private bool Unified => File.Exists(Path.Combine(CgroupDirectory, "cpu.max"));

    private Task<IRunningContainer> StartAsync(string script, ContainerResources? resources)
    {
        _lastId = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var launch = _h.Launch(["sh", "-c", script]) with { ContainerId = _lastId, Resources = resources };
        return _h.Runtime.StartAsync(launch, CancellationToken.None);
    }

    private string Read(string file) => File.ReadAllText(Path.Combine(CgroupDirectory, file)).Trim();

    [Fact]
    public async Task ACpuLimit_IsTheCgroupsQuota_AndABusyContainerIsThrottled()
    {
        var container = await StartAsync("echo up; while :; do :; done", Limited);
        await _h.Lines.WaitForAsync("up");

        if (Unified)
        {
            Assert.Equal(("10000 100000", CpuControl.WeightOf(102).ToString(System.Globalization.CultureInfo.InvariantCulture)), (Read("cpu.max"), Read("cpu.weight")));
        }
        else
        {
            Assert.Equal(("10000", "100000", "102"), (Read("cpu.cfs_quota_us"), Read("cpu.cfs_period_us"), Read("cpu.shares")));
        }

        // The kernel's own count of periods in which the container used up its quota: a busy loop exhausts 10 ms of
        // every 100 ms period, so it rises within a few periods (the bound only ends a broken run).
        var throttled = await Harness.Within(WaitForThrottlingAsync());
        Assert.True(throttled > 0);

        container.Signal(Signals.SigKill);
        await Harness.Within(container.Exited);
        await container.DisposeAsync();
        Assert.False(Directory.Exists(CgroupDirectory), $"{CgroupDirectory} should be removed with the container");
    }

    [Fact]
    public async Task ACpuRequestAlone_SetsTheShares_AndNoQuota()
    {
        var container = await StartAsync("echo up; exec sleep 60", Limited with { CpuQuota = 0, CpuShares = 256 });
        await _h.Lines.WaitForAsync("up");

        if (Unified)
        {
            Assert.Equal(("max 100000", "10"), (Read("cpu.max"), Read("cpu.weight")));
        }
        else
        {
            Assert.Equal(("-1", "256"), (Read("cpu.cfs_quota_us"), Read("cpu.shares")));
        }

        container.Signal(Signals.SigKill);
        await Harness.Within(container.Exited);
    }

    [Fact]
    public async Task WithoutACpuRequestOrLimit_NoCpuCgroupIsMade()
    {
        var container = await StartAsync("echo up; exec sleep 60", Limited with { CpuQuota = 0, CpuShares = CpuControl.MinShares });
        await _h.Lines.WaitForAsync("up");

        Assert.False(Directory.Exists(CgroupDirectory), $"{CgroupDirectory}: a BestEffort container stays in podvisor's own cpu cgroup");

        container.Signal(Signals.SigKill);
        await Harness.Within(container.Exited);
    }

    [Fact]
    public async Task TheContainer_AndAnExec_RunInTheCpuAndTheMemoryCgroup()
    {
        var container = await StartAsync("grep -E '^[0-9]+:(cpu|memory|cpu,cpuacct):|^0::' /proc/self/cgroup | sed 's/^/own /'; echo up; exec sleep 60", Limited with { MemoryLimitInBytes = 64L * 1024 * 1024 });
        await _h.Lines.WaitForAsync("up");

        var exec = await container.ExecAsync(["sh", "-c", "grep -E '^[0-9]+:(cpu|memory|cpu,cpuacct):|^0::' /proc/self/cgroup"], TimeSpan.FromSeconds(10), CancellationToken.None);

        // v1: a line for the memory and one for the cpu hierarchy; v2: the one unified line.
        var expected = Unified ? 1 : 2;
        Assert.Equal(expected, exec.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.EndsWith("/" + _lastId, StringComparison.Ordinal)));
        Assert.Equal(expected, _h.Lines.Snapshot().Count(line => line.Text.StartsWith("own ", StringComparison.Ordinal) && line.Text.EndsWith("/" + _lastId, StringComparison.Ordinal)));
        container.Signal(Signals.SigKill);
        await Harness.Within(container.Exited);
    }

    private async Task<long> WaitForThrottlingAsync()
    {
        while (true)
        {
            var stat = Read("cpu.stat");
            var throttled = stat.Split('\n').Select(line => line.Split(' ')).FirstOrDefault(f => f is ["nr_throttled", _]);
            if (throttled is not null && long.Parse(throttled[1], System.Globalization.CultureInfo.InvariantCulture) is > 0 and var count)
            {
                return count;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
