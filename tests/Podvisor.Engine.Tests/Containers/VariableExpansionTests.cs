using Podvisor.Engine.Containers;

namespace Podvisor.Engine.Tests.Containers;

public sealed class VariableExpansionTests
{
    private static readonly Dictionary<string, string> Vars = new() { ["A"] = "1", ["B"] = "two" };

    [Theory]
    [InlineData("$(A)", "1")]
    [InlineData("x-$(A)-$(B)", "x-1-two")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$$", "$")]
    [InlineData("$A", "$A")]
    [InlineData("$(A", "$(A")]
    [InlineData("end$", "end$")]
    [InlineData("no vars", "no vars")]
    public void Expand_FollowsKubeletRules(string input, string expected) =>
        Assert.Equal(expected, VariableExpansion.Expand(input, name => Vars.GetValueOrDefault(name)));
}
