using System.Globalization;
using Podvisor.Engine.Runtime;
using Podvisor.Runtime.Processes.Tests.Support;

namespace Podvisor.Runtime.Processes.Tests;

/// <summary>
/// The kubelet's <c>oom_score_adj</c> for the pod's QoS class is the container's and its execs', as runc sets it: the
/// kernel's OOM killer under host memory pressure then picks a BestEffort container first, as on a node.
/// </summary>
public sealed class OomScoreTests : IAsyncLifetime
{
    private readonly Harness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    private static long Own => long.Parse(File.ReadAllText("/proc/self/oom_score_adj").Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>CAP_SYS_RESOURCE (bit 24 of the effective set) lets a process lower a score below its own.</summary>
    private static bool MayLower =>
        File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("CapEff:", StringComparison.Ordinal)) is var line
        && (ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << 24)) != 0;

    private async Task<(string Own, string Exec)> ScoresAsync(long score, long expected)
    {
        var launch = _h.Launch(["sh", "-c", "echo score $(cat /proc/self/oom_score_adj); exec sleep 60"]) with
        {
            Resources = new ContainerResources(100_000, 0, 2, 0, score),
        };
        var container = await _h.Runtime.StartAsync(launch, CancellationToken.None);
        var line = await _h.Lines.WaitForAsync(l => l.Text.StartsWith("score ", StringComparison.Ordinal));

        // An exec's score is set right after its spawn (runc sets it before the command runs): the exec waits until its
        // own score is the expected one, bounded by the exec's timeout (a score never set fails it), then reports it.
        var exec = await container.ExecAsync(
            ["sh", "-c", $"while [ \"$(cat /proc/$$/oom_score_adj)\" != {expected} ]; do :; done; cat /proc/$$/oom_score_adj"],
            TimeSpan.FromSeconds(10),
            CancellationToken.None);
        container.Signal(Signals.SigKill);
        await Harness.Within(container.Exited);
        return (line.Text["score ".Length..], exec.Output.Trim());
    }

    [Fact]
    public async Task BestEffort_ContainerAndExecsGet1000()
    {
        Assert.Equal(("1000", "1000"), await ScoresAsync(1000, expected: 1000));
    }

    [Fact]
    public async Task Guaranteed_GetsMinus997_OrPodvisorsOwnWhereItMayNotLower()
    {
        // containerd's restrict_oom_score_adj: without CAP_SYS_RESOURCE the nearest allowed score, the runtime's own.
        var expected = MayLower ? -997 : Math.Max(-997, Own);
        var text = expected.ToString(CultureInfo.InvariantCulture);

        Assert.Equal((text, text), await ScoresAsync(-997, expected));
    }
}
