using System.Text.Json.Nodes;
using Podvisor.Cli.Rollout;

namespace Podvisor.EndToEnd.Tests.Rollout;

public sealed class DeploymentRolloutStatusTests
{
    [Theory]
    [InlineData("""{"generation":2}""", """{"observedGeneration":1,"replicas":3,"updatedReplicas":3,"availableReplicas":3}""", false, false, "Waiting for deployment spec update to be observed...")]
    [InlineData("""{"generation":2}""", """{"observedGeneration":2,"replicas":3,"updatedReplicas":1,"availableReplicas":3}""", false, false, "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...")]
    [InlineData("""{"generation":2}""", """{"observedGeneration":2,"replicas":4,"updatedReplicas":3,"availableReplicas":3}""", false, false, "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...")]
    [InlineData("""{"generation":2}""", """{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":2}""", false, false, "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...")]
    [InlineData("""{"generation":2}""", """{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":3}""", true, false, "deployment \"web\" successfully rolled out")]
    [InlineData("""{"generation":2}""", """{"observedGeneration":2,"replicas":3,"updatedReplicas":1,"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]}""", false, true, "deployment \"web\" exceeded its progress deadline")]
    public void Evaluate_AsKubectlRolloutStatus(string metadata, string status, bool done, bool failed, string message)
    {
        var deployment = new JsonObject
        {
            ["metadata"] = JsonNode.Parse(metadata)!.AsObject(),
            ["spec"] = new JsonObject { ["replicas"] = 3 },
            ["status"] = JsonNode.Parse(status)!.AsObject(),
        };
        deployment["metadata"]!["name"] = "web";

        var result = DeploymentRolloutStatus.Evaluate(deployment);
        Assert.Equal(message, result.Message);
        Assert.Equal((done, failed), (result.Done, result.Failed));
    }

    [Fact]
    public void Evaluate_ZeroCountsLeftOut_AsUpstreamOmitsThem()
    {
        // A scaled-to-zero Deployment: status has no counts at all (omitempty), and is rolled out.
        var deployment = JsonNode.Parse("""{"metadata":{"name":"web","generation":3},"spec":{"replicas":0},"status":{"observedGeneration":3}}""")!.AsObject();

        Assert.True(DeploymentRolloutStatus.Evaluate(deployment).Done);
    }
}
