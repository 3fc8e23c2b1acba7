using Podvisor.Cli.Run;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class LatestInOrderTests
{
    [Fact]
    public void KeepsTheLatestOfEachKey_InFirstSeenOrder_AndNeverMergesUnkeyedValues()
    {
        var latest = new LatestInOrder<string>();

        latest.Put("a", "a1");
        latest.Put("b", "b1");
        latest.Put(null, "x");
        latest.Put("a", "a2");
        latest.Put(null, "y");

        Assert.Equal(["a2", "b1", "x", "y"], latest.Items);
    }
}
