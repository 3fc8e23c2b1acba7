using System.Text.Json.Nodes;
using Podvisor.Cli.Rollout;

namespace Podvisor.EndToEnd.Tests.Rollout;

public sealed class RestartPatchTests
{
    [Fact]
    public void For_SetsTheTemplateAnnotationInRfc3339Utc()
    {
        var patch = JsonNode.Parse(RestartPatch.For(new DateTimeOffset(2026, 12, 5, 15, 4, 5, 123, TimeSpan.FromHours(2))))!;

        Assert.Equal("2026-12-05T13:04:05Z", (string?)patch["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]);
        Assert.Single(patch.AsObject());
    }
}
