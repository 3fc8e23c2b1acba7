using System.Text.Json.Nodes;
using Podvisor.Server.Api;

namespace Podvisor.Server.Tests.Api;

public sealed class YamlBodyTests
{
    [Fact]
    public void Parse_GivesTheJsonObject_WithYamlsScalarTypes()
    {
        var obj = YamlBody.Parse("""
            metadata:
              name: web
              labels: {a: "1", b: x}
            count: 3
            ratio: 0.5
            on: true
            none: ~
            quoted: "true"
            items: [1, two, [3]]
            """);

        Assert.Equal(
            """{"metadata":{"name":"web","labels":{"a":"1","b":"x"}},"count":3,"ratio":0.5,"on":true,"none":null,"quoted":"true","items":[1,"two",[3]]}""",
            obj.ToJsonString());
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: [1\n")]
    [InlineData("- 1\n")]
    public void Parse_Refuses_AliasesDuplicatesBrokenYamlAndNonMappings(string yaml)
    {
        var error = Assert.Throws<ApiException>(() => YamlBody.Parse(yaml));

        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void Parse_NestingUpToTheLimit_IsBuilt_WithoutRecursion()
    {
        var depth = YamlBody.MaxDepth - 1;
        var obj = YamlBody.Parse("x: " + new string('[', depth) + new string(']', depth) + "\n");

        var node = obj["x"];
        var levels = 1;
        while (node is JsonArray { Count: 1 } array)
        {
            node = array[0];
            levels++;
        }

        Assert.Equal(depth, levels);
    }

    [Fact]
    public void Parse_DeeperThanTheLimit_Is400()
    {
        const int Depth = 100_000;

        var error = Assert.Throws<ApiException>(() => YamlBody.Parse("x: " + new string('[', Depth) + new string(']', Depth) + "\n"));

        Assert.Equal((400, "error converting YAML to JSON: yaml: exceeded max depth of 10000"), (error.Code, error.Message));
    }
}
