using Podvisor.Engine.Chaos;

namespace Podvisor.Engine.Tests.Chaos;

public sealed class ChaosFaultNamesTests
{
    public static TheoryData<string[], string> Valid => new()
    {
        { [], "None" },
        { ["poststart-twice"], "PostStartTwice" },
        { ["poststart-early"], "PostStartEarly" },
        { ["drop-http-hook"], "DropHttpHook" },
        { ["late-stop-signal"], "LateStopSignal" },
        { ["poststart-twice,drop-http-hook"], "PostStartTwice, DropHttpHook" },
        { ["poststart-twice", "late-stop-signal"], "PostStartTwice, LateStopSignal" },
        { ["poststart-twice, poststart-early", "poststart-twice"], "PostStartTwice, PostStartEarly" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_NamesCommaListsAndRepeats(string[] values, string expected)
    {
        Assert.True(ChaosFaultNames.TryParse(values, out var faults, out var error), error);
        Assert.Equal(Enum.Parse<ChaosFaults>(expected), faults);
    }

    [Theory]
    [InlineData("poststart-thrice", "unknown fault \"poststart-thrice\"")]
    [InlineData("drop-http-hook,PostStart-Twice", "unknown fault \"PostStart-Twice\"")]
    [InlineData("drop-http-hook,", "empty fault name in \"drop-http-hook,\"")]
    public void TryParse_Unknown_NamesItAndListsEveryValidFault(string value, string expected)
    {
        Assert.False(ChaosFaultNames.TryParse([value], out var faults, out var error));
        Assert.Equal(ChaosFaults.None, faults);
        Assert.Equal($"{expected}: valid faults are poststart-twice, poststart-early, drop-http-hook, late-stop-signal", error);
    }

    [Fact]
    public void NameOf_RoundTripsEveryFault()
    {
        foreach (var fault in Enum.GetValues<ChaosFaults>().Where(f => f != ChaosFaults.None))
        {
            Assert.True(ChaosFaultNames.TryParse([ChaosFaultNames.NameOf(fault)], out var parsed, out _));
            Assert.Equal(fault, parsed);
        }
    }
}
