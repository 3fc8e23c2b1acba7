using Podvisor.Server.Controllers.ReplicaSets;

namespace Podvisor.Server.Tests.Controllers;

public sealed class PodDeletionOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static PodRank Pod(
        string name, bool assigned = true, string phase = "Running", bool ready = true, int cost = 0, int sameNode = 1,
        TimeSpan? readyFor = null, int restarts = 0, TimeSpan? age = null) =>
        new(name, "uid-" + name, assigned, phase, ready, cost, sameNode, ready ? Now - (readyFor ?? TimeSpan.FromHours(1)) : null, restarts, Now - (age ?? TimeSpan.FromHours(2)));

    private static readonly Dictionary<string, (PodRank First, PodRank Second)> Pairs = new()
    {
        ["unscheduled before scheduled"] = (Pod("a", assigned: false), Pod("b")),
        ["Pending before Running"] = (Pod("a", phase: "Pending", ready: false), Pod("b", ready: false)),
        ["Unknown before Running"] = (Pod("a", phase: "Unknown"), Pod("b")),
        ["not ready before ready"] = (Pod("a", ready: false), Pod("b")),
        ["lower deletion cost first"] = (Pod("a", cost: -5), Pod("b")),
        ["more pods on its node first"] = (Pod("a", sameNode: 3), Pod("b", sameNode: 1)),
        ["ready more recently first"] = (Pod("a", readyFor: TimeSpan.FromSeconds(10)), Pod("b", readyFor: TimeSpan.FromHours(1))),
        ["more restarts first"] = (Pod("a", restarts: 2), Pod("b")),
        ["younger first"] = (Pod("a", age: TimeSpan.FromSeconds(30)), Pod("b", age: TimeSpan.FromHours(5))),
    };

    public static TheoryData<string> Rules => [.. Pairs.Keys];

    [Theory]
    [MemberData(nameof(Rules))]
    public void Compare_DeletesTheFirstBeforeTheSecond(string rule)
    {
        var order = new PodDeletionOrder(Now);
        var (first, second) = Pairs[rule];

        Assert.True(order.Compare(first, second) < 0, rule);
        Assert.True(order.Compare(second, first) > 0, rule);
    }

    [Fact]
    public void Compare_ReadyTimesInTheSameLog2Bucket_FallBackToTheUid()
    {
        // 100 s and 101 s ago share floor(log2(ns)); upstream then orders by uid.
        var order = new PodDeletionOrder(Now);
        var a = Pod("a", readyFor: TimeSpan.FromSeconds(100));
        var b = Pod("b", readyFor: TimeSpan.FromSeconds(101));

        Assert.True(order.Compare(a, b) < 0);
        Assert.True(order.Compare(b, a) > 0);
    }

    [Fact]
    public void Sort_PutsTheCheapestVictimsFirst()
    {
        var pods = new[] { Pod("old-ready"), Pod("crashing", restarts: 4), Pod("pending", phase: "Pending", ready: false), Pod("fresh", age: TimeSpan.FromSeconds(5), readyFor: TimeSpan.FromSeconds(4)) };

        var order = pods.Order(new PodDeletionOrder(Now)).Select(p => p.Name);

        Assert.Equal(["pending", "fresh", "crashing", "old-ready"], order);
    }
}
