using Podvisor.Engine.Probes;

namespace Podvisor.Engine.Tests.Probes;

public sealed class ProbeCounterTests
{
    private static ProbeDefinition Probe(ProbeKind kind, int success = 1, int failure = 3) =>
        new(kind, new ExecProbeHandler(["true"]), TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), success, failure, null);

    [Theory]
    [InlineData("Readiness", false)]
    [InlineData("Liveness", true)]
    [InlineData("Startup", null)]
    public void Initial_IsTheKubeletsInitialValue(string kind, bool? committed) =>
        Assert.Equal(committed, ProbeCounter.Initial(Enum.Parse<ProbeKind>(kind)).Committed);

    // Attempts: p = passed, f = failed. Expected: the committed result after each attempt (s success, f failure, u unknown).
    [Theory]
    [InlineData("Liveness", 1, 3, "ffpfff", "sssssf")]
    [InlineData("Liveness", 1, 1, "pf", "sf")]
    [InlineData("Readiness", 1, 3, "pfffp", "sssfs")]
    [InlineData("Readiness", 2, 3, "ppfpp", "fssss")]
    [InlineData("Readiness", 3, 2, "ppfpppff", "fffffssf")]
    [InlineData("Startup", 1, 3, "ffp", "uus")]
    [InlineData("Startup", 1, 2, "ff", "uf")]
    public void Observe_CommitsOnlyAtThresholds(string kindName, int success, int failure, string attempts, string expected)
    {
        var kind = Enum.Parse<ProbeKind>(kindName);
        var probe = Probe(kind, success, failure);
        var counter = ProbeCounter.Initial(kind);
        var seen = new List<char>();
        foreach (var attempt in attempts)
        {
            counter = counter.Observe(attempt == 'p', probe);
            seen.Add(counter.Committed switch { true => 's', false => 'f', null => 'u' });
        }

        Assert.Equal(expected, new string([.. seen]));
    }

    [Theory]
    [InlineData("Liveness")]
    [InlineData("Startup")]
    public void CommittedLivenessOrStartupFailure_GoesOnHold_AndIgnoresLaterAttempts(string kindName)
    {
        var kind = Enum.Parse<ProbeKind>(kindName);
        var probe = Probe(kind, failure: 1);
        var counter = ProbeCounter.Initial(kind).Observe(false, probe);
        Assert.True(counter.OnHold);
        Assert.Equal(counter, counter.Observe(true, probe));
    }

    [Fact]
    public void ReadinessFailure_NeverGoesOnHold()
    {
        var probe = Probe(ProbeKind.Readiness, failure: 1);
        var counter = ProbeCounter.Initial(ProbeKind.Readiness).Observe(true, probe).Observe(false, probe);
        Assert.False(counter.OnHold);
        Assert.True(counter.Observe(true, probe).Committed);
    }
}
