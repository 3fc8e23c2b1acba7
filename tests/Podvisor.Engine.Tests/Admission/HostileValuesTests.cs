namespace Podvisor.Engine.Tests.Admission;

/// <summary>Values that once crashed admission or came back as "Exception during deserialization" naming no field.</summary>
public sealed class HostileValuesTests
{
    [Theory]
    [InlineData("containers: [null]", "spec.containers[0]")]
    [InlineData("containers: [{name: app, image: nginx, env: [null]}]", "spec.containers[0].env[0]")]
    [InlineData("containers: [{name: app, image: nginx, ports: [null]}]", "spec.containers[0].ports[0]")]
    [InlineData("containers: [{name: app, image: nginx, volumeMounts: [null]}]", "spec.containers[0].volumeMounts[0]")]
    [InlineData("containers: [{name: app, image: nginx}]\n  initContainers: [null]", "spec.initContainers[0]")]
    [InlineData("containers: [{name: app, image: nginx}]\n  volumes: [null]", "spec.volumes[0]")]
    [InlineData("containers: [{name: app, image: nginx, ports: [{containerPort: 99999999999}]}]", "spec.containers[0].ports[0].containerPort")]
    [InlineData("containers: [{name: app, image: nginx}]\n  terminationGracePeriodSeconds: 999999999999999999999", "spec.terminationGracePeriodSeconds")]
    [InlineData("containers: [{name: app, image: nginx, resources: {limits: {cpu: abc}}}]", "spec.containers[0].resources.limits.cpu")]
    [InlineData("containers: [{name: app, image: nginx, resources: {requests: {memory: 1Qi}}}]", "spec.containers[0].resources.requests.memory")]
    public void Admit_HostileValue_FieldErrorNamingTheField(string spec, string field)
    {
        var yaml = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: web}}\nspec:\n  {spec}\n";

        var result = AdmissionFixture.Admit(yaml);

        Assert.Empty(result.Pods);
        Assert.Contains(result.Errors, e => e.Contains(field, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public void Admit_NullInCommandAndArgs_EmptyStringsAsGoDecodesThem()
    {
        var yaml = AdmissionFixture.Pod("command: [sh, null]\nargs: [null]");

        var result = AdmissionFixture.Admit(yaml);

        Assert.Empty(result.Errors);
        Assert.Equal(["sh", ""], result.Pods[0].Spec.Containers[0].Command);
        Assert.Equal([""], result.Pods[0].Spec.Containers[0].Args);
    }

    [Fact]
    public void Admit_NullContainer_ValidatedAsAnEmptyOne()
    {
        var result = AdmissionFixture.Admit("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [null]\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains("spec.containers[0].name: Required value", error, StringComparison.Ordinal);
        Assert.Contains("spec.containers[0].image: Required value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Admit_BadCreationTimestamp_FieldErrorNamingTheField()
    {
        var yaml = AdmissionFixture.Pod().Replace("  name: web", "  name: web\n  creationTimestamp: not-a-time", StringComparison.Ordinal);

        var result = AdmissionFixture.Admit(yaml);

        Assert.Empty(result.Pods);
        Assert.Contains(result.Errors, e => e.Contains("metadata.creationTimestamp", StringComparison.Ordinal));
    }
}
