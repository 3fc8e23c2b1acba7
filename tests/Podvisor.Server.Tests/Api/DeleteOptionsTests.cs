using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Podvisor.Server.Api;

namespace Podvisor.Server.Tests.Api;

public sealed class DeleteOptionsTests
{
    [Fact]
    public void Parse_KubectlsBody()
    {
        var body = JsonNode.Parse("""{"gracePeriodSeconds":5,"propagationPolicy":"Background","dryRun":["All"],"preconditions":{"uid":"u","resourceVersion":"7"}}""")!.AsObject();

        var options = DeleteOptions.Parse(body, new QueryCollection());

        Assert.Equal(new DeleteOptions(5, "u", "7", "Background") { DryRun = true }, options);
    }

    [Fact]
    public void Parse_QueryWinsOverBody()
    {
        var body = JsonNode.Parse("""{"gracePeriodSeconds":5}""")!.AsObject();

        var options = DeleteOptions.Parse(body, new QueryCollection(new Dictionary<string, StringValues> { ["gracePeriodSeconds"] = "0" }));

        Assert.Equal(0, options.GracePeriodSeconds);
        Assert.False(options.DryRun);
    }

    [Fact]
    public void Parse_UnknownPropagationPolicy_IsInvalid()
    {
        var body = JsonNode.Parse("""{"propagationPolicy":"Sideways"}""")!.AsObject();

        var error = Assert.Throws<ApiException>(() => DeleteOptions.Parse(body, new QueryCollection()));

        Assert.Equal(422, error.Code);
    }
}
