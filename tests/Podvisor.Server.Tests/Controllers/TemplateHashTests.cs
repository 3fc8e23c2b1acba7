using System.Text;
using System.Text.Json.Nodes;
using Podvisor.Server.Controllers.Deployments;

namespace Podvisor.Server.Tests.Controllers;

public sealed class TemplateHashTests
{
    private static JsonNode Template(string image) => JsonNode.Parse($$$"""{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"{{{image}}}"}]}}""")!;

    [Fact]
    public void SafeEncode_MapsDigitsThroughTheApiserverAlphabet()
    {
        // rand.SafeEncodeString: alphabet[byte % 27]; the digits '0'..'9' are bytes 48..57.
        Assert.Equal("456789bcdf", TemplateHash.SafeEncode("0123456789"));
    }

    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a32_MatchesTheReferenceVectors(string input, uint expected)
    {
        Assert.Equal(expected, TemplateHash.Fnv1a32(Encoding.ASCII.GetBytes(input), 0x811c9dc5u));
    }

    [Fact]
    public void Compute_IsStable_AndChangesWithTheTemplateOrTheCollisionCount()
    {
        var hash = TemplateHash.Compute(Template("busybox"), null);

        Assert.Equal(hash, TemplateHash.Compute(Template("busybox"), null));
        Assert.NotEqual(hash, TemplateHash.Compute(Template("busybox:1.37"), null));
        Assert.NotEqual(hash, TemplateHash.Compute(Template("busybox"), 1));
        Assert.Matches("^[456789bcdf]{1,10}$", hash);
    }

    [Fact]
    public void Compute_IgnoresKeyOrder()
    {
        var reordered = JsonNode.Parse("""{"spec":{"containers":[{"image":"busybox","name":"app"}]},"metadata":{"labels":{"app":"web"}}}""");

        Assert.Equal(TemplateHash.Compute(Template("busybox"), null), TemplateHash.Compute(reordered, null));
    }
}
