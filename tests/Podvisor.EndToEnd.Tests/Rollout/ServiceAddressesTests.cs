using System.Text.Json.Nodes;
using Podvisor.Cli.Workloads;

namespace Podvisor.EndToEnd.Tests.Rollout;

public sealed class ServiceAddressesTests
{
    [Theory]
    [InlineData("""{"clusterIP":"127.96.0.2","ports":[{"port":8080}]}""", new[] { "127.96.0.2:8080" })]
    [InlineData("""{"clusterIP":"127.96.0.3","ports":[{"port":80,"nodePort":30080,"protocol":"TCP"}]}""", new[] { "127.96.0.3:80", "127.0.0.1:30080" })]
    [InlineData("""{"clusterIP":"127.96.0.4","ports":[{"port":53,"protocol":"UDP"},{"port":8443}]}""", new[] { "127.96.0.4:8443" })]
    [InlineData("""{"clusterIP":"None","ports":[{"port":80}]}""", new string[0])]
    [InlineData("""{"type":"ExternalName","externalName":"example.org"}""", new string[0])]
    public void Of_ClusterIpPortsAndNodePorts(string spec, string[] expected) =>
        Assert.Equal(expected, ServiceAddresses.Of(new JsonObject { ["spec"] = JsonNode.Parse(spec) }));
}
