using Podvisor.Engine.Runtime;

namespace Podvisor.Engine.Tests.Runtime;

public class RuntimeIdsTests
{
    [Fact]
    public void New_Always_SixtyFourLowercaseHexDigits()
    {
        var id = RuntimeIds.New();

        Assert.Matches("^[0-9a-f]{64}$", id);
    }

    [Fact]
    public void New_ManyCalls_AllDistinct_AndEveryFreeDigitVaries()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RuntimeIds.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        // Only the GUIDs' version and variant digits (2 of every 32) may be fixed: the rest must be random.
        var constantPositions = Enumerable.Range(0, 64).Count(i => ids.Select(id => id[i]).Distinct().Count() == 1);
        Assert.True(constantPositions <= 2, $"{constantPositions} of 64 digits never changed");
    }
}
