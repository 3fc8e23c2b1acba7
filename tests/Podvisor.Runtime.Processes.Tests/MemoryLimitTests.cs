using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Isolation;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// As root, a container's <c>limits.memory</c> is a memory cgroup, as runc makes it on a node: going past it is the
/// kernel's OOM kill, reported <c>OOMKilled</c> as containerd reports it.
/// </summary>
public sealed class MemoryLimitTests : IAsyncLifetime
{
    private const long Limit = 32L * 1024 * 1024;

    // coreutils dd fills one 64 MiB buffer: twice the limit.
    private const string Allocate = "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null";

    private readonly Harness _h = new();

    public Task InitializeAsync()
    {
        Assert.True(Podvisor.Runtime.Processes.Platform.Native.geteuid() == 0,
            "MemoryLimitTests need root (memory cgroups): run the tests as root, as .ci/run does");
        Assert.True(_h.Runtime.HostWarning?.Contains("Memory limits", StringComparison.Ordinal) != true,
            $"this host gives root no memory cgroup: {_h.Runtime.HostWarning}");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    private string _lastId = string.Empty;

    private Task<IRunningContainer> StartAsync(string script, long? memoryLimit)
    {
        _lastId = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var launch = _h.Launch(["sh", "-c", script]) with
        {
            ContainerId = _lastId,
            Resources = memoryLimit is { } limit ? new ContainerResources(100_000, 0, 2, limit, 1000) : null,
        };
        return _h.Runtime.StartAsync(launch, CancellationToken.None);
    }

    [Fact]
    public async Task Pid1_PastItsMemoryLimit_IsOomKilledWith137()
    {
        var container = await StartAsync($"exec {Allocate}", Limit);

        var exit = await Harness.Within(container.Exited);

        Assert.Equal(new ContainerExit(137, 9, exit.FinishedAt, "OOMKilled"), exit);
    }

    [Fact]
    public async Task AChildKilledForMemory_MakesTheReasonOomKilled_WithPid1sOwnExitCode()
    {
        var container = await StartAsync($"{Allocate}; echo survived", Limit);

        var exit = await Harness.Within(container.Exited);

        Assert.Equal((0, "OOMKilled"), (exit.ExitCode, exit.Reason));
        await _h.Lines.WaitForAsync("survived");
    }

    [Fact]
    public async Task WithoutALimit_TheSameAllocationSucceeds()
    {
        var container = await StartAsync($"{Allocate} && echo allocated", memoryLimit: null);

        var exit = await Harness.Within(container.Exited);

        Assert.Equal((0, (string?)null), (exit.ExitCode, exit.Reason));
        await _h.Lines.WaitForAsync("allocated");
    }

    [Fact]
    public async Task TheCgroupHoldsTheLimit_AndIsRemovedWithTheContainer()
    {
        var container = await StartAsync("echo limit $(cat /sys/fs/cgroup/memory$(grep -E '^[0-9]+:memory:' /proc/self/cgroup | cut -d: -f3)/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)/memory.max)", Limit);
        await Harness.Within(container.Exited);
        await _h.Lines.WaitForAsync($"limit {Limit}");
        var cgroup = Path.Combine(_h.Runtime.MemoryCgroupDirectory!, _lastId);
        Assert.True(Directory.Exists(cgroup), $"{cgroup} should exist while the container is not removed");

        await container.DisposeAsync();

        Assert.False(Directory.Exists(cgroup), $"{cgroup} should be removed with the container");
    }

    [Fact]
    public async Task AnExec_JoinsTheContainersCgroup_AndItsAllocationOomKillsThere()
    {
        var container = await StartAsync("echo up; while :; do sleep 1; done", Limit);
        await _h.Lines.WaitForAsync("up");
        var cgroup = Path.Combine(_h.Runtime.MemoryCgroupDirectory!, _lastId);

        var where = await container.ExecAsync(["sh", "-c", "grep -E '^[0-9]+:memory:|^0::' /proc/self/cgroup"], TimeSpan.FromSeconds(10), CancellationToken.None);
        var allocation = await container.ExecAsync(["sh", "-c", Allocate], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Contains(_lastId, where.Output, StringComparison.Ordinal);
        Assert.Equal(137, allocation.ExitCode);
        Assert.True(ContainerCgroup.OomKillCount(File.ReadAllText(Path.Combine(cgroup, File.Exists(Path.Combine(cgroup, "memory.events")) ? "memory.events" : "memory.oom_control"))) > 0,
            "the exec's allocation should be the container's cgroup's OOM kill");
        container.Signal(Signals.SigKill);
        await Harness.Within(container.Exited);
    }

    /// <summary>
    /// A runtime removes what is left in its directory when disposed: a directory shared with another runtime of the same
    /// process would lose that one's cgroups made but still empty (first process not yet placed), and its start would fail.
    /// </summary>
    [Fact]
    public async Task TwoRuntimesInOneProcess_HaveDirectoriesOfTheirOwn()
    {
        var other = new Harness();
        var directory = other.Runtime.MemoryCgroupDirectory;
        await other.DisposeAsync();

        Assert.NotNull(directory);
        Assert.NotEqual(directory, _h.Runtime.MemoryCgroupDirectory);
        Assert.False(Directory.Exists(directory), $"{directory} should be removed with its runtime");
        Assert.True(Directory.Exists(_h.Runtime.MemoryCgroupDirectory), "this runtime's directory should stay");
    }

    [Theory]
    [InlineData("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", 2)]
    [InlineData("low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\noom_group_kill 0\n", 1)]
    [InlineData("oom_kill_disable 0\nunder_oom 0\n", 0)]
    public void TheOomKillCount_IsReadFromV1OrV2(string text, long expected) =>
        Assert.Equal(expected, ContainerCgroup.OomKillCount(text));
}
