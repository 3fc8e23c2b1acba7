using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Server.Api;
using Podvisor.Server.Services;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tests.Services;

public sealed class ServiceRegistryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-services-").FullName;
    private readonly ObjectStore _store;
    private readonly ServiceRegistry _registry;

    public ServiceRegistryTests()
    {
        _store = ObjectStore.Open(Path.Combine(_directory, "podvisor.db"), new FakeTimeProvider());
        _store.Create(ResourceKind.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } });
        _registry = new ServiceRegistry(_store, new ObjectService(_store));
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Create_DefaultsTypeProtocolTargetPort_AndAllocatesAClusterIp()
    {
        var created = Create("""{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""");

        var spec = created["spec"]!;
        Assert.Equal("ClusterIP", (string?)spec["type"]);
        Assert.Equal("None", (string?)spec["sessionAffinity"]);
        Assert.Equal("TCP", (string?)spec["ports"]![0]!["protocol"]);
        Assert.Equal(80, (int?)spec["ports"]![0]!["targetPort"]);
        Assert.Equal("127.96.0.2", (string?)spec["clusterIP"]);
        Assert.Equal("127.96.0.3", (string?)Create("""{"metadata":{"name":"api"},"spec":{"ports":[{"port":80}]}}""")["spec"]!["clusterIP"]);
        Assert.Null(spec["ports"]![0]!["nodePort"]);
    }

    [Fact]
    public void Create_NodePortTypeGetsANodePortInRange_AndATakenOneIsRefusedInUpstreamWords()
    {
        var created = Create("""{"metadata":{"name":"web"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}}""");
        var random = Create("""{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","ports":[{"port":80}]}}""");

        Assert.Equal(30080, (int?)created["spec"]!["ports"]![0]!["nodePort"]);
        Assert.InRange((int)random["spec"]!["ports"]![0]!["nodePort"]!, 30000, 32767);
        var taken = Assert.Throws<ApiException>(() => Create("""{"metadata":{"name":"other"},"spec":{"type":"NodePort","ports":[{"port":81,"nodePort":30080}]}}"""));
        Assert.Equal(422, taken.Code);
        Assert.Equal("Service \"other\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated", taken.Message);
        var outside = Assert.Throws<ApiException>(() => Create("""{"metadata":{"name":"far"},"spec":{"type":"NodePort","ports":[{"port":81,"nodePort":8080}]}}"""));
        Assert.Equal("Service \"far\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767", outside.Message);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"web"},"spec":{}}""", "Service \"web\" is invalid: spec.ports: Required value")]
    [InlineData("""{"metadata":{"name":"web"},"spec":{"ports":[{"port":80},{"port":81,"name":"b"}]}}""", "Service \"web\" is invalid: spec.ports[0].name: Required value")]
    [InlineData("""{"metadata":{"name":"web"},"spec":{"ports":[{"port":80,"name":"a"},{"port":81,"name":"a"}]}}""", "Service \"web\" is invalid: spec.ports[1].name: Duplicate value: \"a\"")]
    [InlineData("""{"metadata":{"name":"web"},"spec":{"ports":[{"port":0}]}}""", "Service \"web\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]")]
    [InlineData("""{"metadata":{"name":"web"},"spec":{"ports":[{"port":80,"protocol":"HTTP"}]}}""", "Service \"web\" is invalid: spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("""{"metadata":{"name":"web"},"spec":{"type":"Cluster","ports":[{"port":80}]}}""", "Service \"web\" is invalid: spec.type: Unsupported value: \"Cluster\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")]
    [InlineData("""{"metadata":{"name":"web"},"spec":{"ports":[{"port":80,"nodePort":30001}]}}""", "Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")]
    [InlineData("""{"metadata":{"name":"web"},"spec":{"clusterIP":"10.0.0.5","ports":[{"port":80}]}}""", "Service \"web\" is invalid: spec.clusterIPs: Invalid value: \"10.0.0.5\": failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 127.96.0.0/16")]
    public void Create_RefusesInvalidServices_NamingTheField(string body, string message)
    {
        var error = Assert.Throws<ApiException>(() => Create(body));

        Assert.Equal(422, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Update_KeepsTheAllocatedClusterIpAndNodePort_WhenTheBodyLeavesThemOut()
    {
        var created = Create("""{"metadata":{"name":"web"},"spec":{"type":"NodePort","ports":[{"port":80}]}}""");
        var nodePort = (int)created["spec"]!["ports"]![0]!["nodePort"]!;

        var updated = _registry.Update("default", "web", _ => JsonNode.Parse("""{"metadata":{"name":"web"},"spec":{"type":"NodePort","ports":[{"port":80,"targetPort":8080}]}}""")!.AsObject(), null, dryRun: false, []);

        Assert.Equal("127.96.0.2", (string?)updated["spec"]!["clusterIP"]);
        Assert.Equal(nodePort, (int?)updated["spec"]!["ports"]![0]!["nodePort"]);
        Assert.Equal(8080, (int?)updated["spec"]!["ports"]![0]!["targetPort"]);
    }

    private JsonObject Create(string body) => _registry.Create("default", JsonNode.Parse(body)!.AsObject(), null, dryRun: false, []);
}
