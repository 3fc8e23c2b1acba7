using Podvisor.Cli.Workloads;
using Podvisor.Engine.Admission;

namespace Podvisor.EndToEnd.Tests.Rollout;

public sealed class WorkloadDocumentsTests
{
    private const string App = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: token}
        ---
        """;

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n", false)]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n", false)]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n", true)]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n", true)]
    [InlineData("apiVersion: apps/v1\nkind: ReplicaSet\n", true)]
    [InlineData("kind: [unclosed\n", false)] // the pod path reports the syntax error, as before
    public void NeedsServer_OnlyForControllerOrServiceKinds(string content, bool expected) =>
        Assert.Equal(expected, WorkloadDocuments.NeedsServer([new ManifestSource("app.yaml", content)]));

    [Fact]
    public void Split_ConfigFirstThenServicesThenWorkloads_WithTheirPaths()
    {
        var errors = new List<string>();

        var documents = WorkloadDocuments.Split([new ManifestSource("app.yaml", App)], errors);

        Assert.Empty(errors);
        Assert.Equal(
            ["api/v1/namespaces/default/secrets", "api/v1/namespaces/shop/services", "apis/apps/v1/namespaces/default/deployments"],
            documents.Select(d => d.CollectionPath));
        Assert.Equal(["app.yaml: document 3", "app.yaml: document 2", "app.yaml: document 1"], documents.Select(d => d.Origin));
        Assert.Contains("kind: Secret", documents[0].Yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("Deployment", documents[0].Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_UnsupportedKindOrMissingKind_NamesTheDocument()
    {
        var errors = new List<string>();

        WorkloadDocuments.Split([new ManifestSource("app.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n---\napiVersion: v1\nmetadata: {name: x}\n")], errors);

        Assert.Equal(
            [
                "app.yaml: document 1: kind \"Job\" in version \"batch/v1\" is not supported (only Pod, ConfigMap, Secret, Service, Deployment and ReplicaSet when a file holds a Deployment, ReplicaSet or Service)",
                "app.yaml: document 2: error validating data: [kind not set]",
            ],
            errors);
    }
}
