using System.Text.Json.Nodes;
using Podvisor.Server.Api;

namespace Podvisor.Server.Tests.Api;

public sealed class OpenApiSchemasTests
{
    private static readonly JsonObject Schemas = OpenApiSchemas.Generate();

    [Fact]
    public void Pod_HasItsKindAndUpstreamNames()
    {
        var pod = Schemas["io.k8s.api.core.v1.Pod"]!;

        Assert.Equal("Pod", (string?)pod["x-kubernetes-group-version-kind"]![0]!["kind"]);
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)pod["properties"]!["metadata"]!["allOf"]![0]!["$ref"]);
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.PodSpec", (string?)pod["properties"]!["spec"]!["allOf"]![0]!["$ref"]);
    }

    [Fact]
    public void Fields_HaveOpenApiTypes()
    {
        var container = Schemas["io.k8s.api.core.v1.Container"]!["properties"]!;
        var spec = Schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!;
        var metadata = Schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!;

        Assert.Equal("string", (string?)container["image"]!["type"]);
        Assert.Equal("array", (string?)container["command"]!["type"]);
        Assert.Equal("integer", (string?)spec["terminationGracePeriodSeconds"]!["type"]);
        Assert.Equal("object", (string?)metadata["labels"]!["type"]);
        Assert.Equal("string", (string?)metadata["labels"]!["additionalProperties"]!["type"]);
        Assert.Equal("integer", (string?)Schemas["io.k8s.api.core.v1.ContainerPort"]!["properties"]!["containerPort"]!["type"]);
    }
}
