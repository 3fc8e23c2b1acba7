using Podvisor.Engine.Probes;

namespace Podvisor.Engine.Tests.Probes;

public sealed class ProbeStateTests
{
    private static readonly ProbeCounter Held = new(Committed: false, LastPassed: false, Run: 0, OnHold: true);

    [Theory]
    [InlineData("Readiness", "a", "a", false, true)]
    [InlineData("Readiness", "a", "b", true, false)]
    [InlineData("Liveness", null, "a", true, false)]
    [InlineData("Startup", "a", "a", false, true)]
    public void For_KeepsTheSameInstancesCount_AndStartsANewInstanceFromTheInitialState(
        string probe, string? countedFor, string instance, bool reset, bool stillHeld)
    {
        var kind = Enum.Parse<ProbeKind>(probe);
        var state = new ProbeState(kind, Held, countedFor, TriggeredContainerId: "t");

        var next = state.For(instance);

        Assert.Equal(reset ? ProbeCounter.Initial(kind) : Held, next.Counter);
        Assert.Equal(instance, next.CounterContainerId);
        Assert.Equal("t", next.TriggeredContainerId);
        Assert.Equal(stillHeld, next.OnHoldFor(instance));
    }

    [Fact]
    public void OnHold_HoldsOnlyTheInstanceThatFailed()
    {
        var state = new ProbeState(ProbeKind.Liveness, Held, "a", null);

        Assert.True(state.OnHoldFor("a"));
        Assert.False(state.OnHoldFor("b"));
    }
}
