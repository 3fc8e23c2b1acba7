using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Server.Api;
using Podvisor.Server.Apps;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tests.Apps;

public sealed class AppsServiceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("podvisor-apps-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ObjectStore _store;
    private readonly AppsService _apps;

    public AppsServiceTests()
    {
        _store = ObjectStore.Open(Path.Combine(_directory, "podvisor.db"), _time);
        _store.Create(ResourceKind.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } });
        _apps = new AppsService(_store, _time);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static JsonObject Deployment(string labels = """{"app":"web"}""") => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":LABELS},"spec":{"containers":[{"name":"app","image":"busybox:1.36","command":["sleep","60"]}]}}}}
        """.Replace("LABELS", labels, StringComparison.Ordinal))!.AsObject();

    [Fact]
    public void Create_AppliesTheUpstreamDefaults()
    {
        var created = _apps.Create(ResourceKind.Deployments, "default", Deployment(), "Strict", dryRun: false, []);

        var spec = created["spec"]!;
        Assert.Equal("apps/v1", (string?)created["apiVersion"]);
        Assert.Equal(1, (long?)created["metadata"]!["generation"]);
        Assert.Equal(1, (int?)spec["replicas"]);
        Assert.Equal("RollingUpdate", (string?)spec["strategy"]!["type"]);
        Assert.Equal(("25%", "25%"), ((string?)spec["strategy"]!["rollingUpdate"]!["maxSurge"], (string?)spec["strategy"]!["rollingUpdate"]!["maxUnavailable"]));
        Assert.Equal((10, 600), ((int?)spec["revisionHistoryLimit"], (int?)spec["progressDeadlineSeconds"]));
        var pod = spec["template"]!["spec"]!;
        Assert.Equal(("Always", "ClusterFirst", 30), ((string?)pod["restartPolicy"], (string?)pod["dnsPolicy"], (int?)pod["terminationGracePeriodSeconds"]));
        Assert.Null(pod["tolerations"]);
        Assert.Equal("IfNotPresent", (string?)pod["containers"]![0]!["imagePullPolicy"]);
    }

    [Fact]
    public void Create_ASelectorThatMissesTheTemplate_IsInvalid()
    {
        var error = Assert.Throws<ApiException>(() => _apps.Create(ResourceKind.Deployments, "default", Deployment("""{"app":"other"}"""), "Strict", dryRun: false, []));

        Assert.Equal(422, error.Code);
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`", error.Message);
        Assert.Equal("apps", (string?)error.Details!["group"]);
    }

    [Fact]
    public void Create_UnknownFieldUnderStrictValidation_IsABadRequest()
    {
        var body = Deployment();
        body["spec"]!["replica"] = 3;

        var error = Assert.Throws<ApiException>(() => _apps.Create(ResourceKind.Deployments, "default", body, "Strict", dryRun: false, []));

        Assert.Equal((400, "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\""), (error.Code, error.Message));
    }

    [Fact]
    public void Update_BumpsTheGenerationOnSpecChanges_AndKeepsTheSelector()
    {
        _apps.Create(ResourceKind.Deployments, "default", Deployment(), "Strict", dryRun: false, []);

        var labelled = _apps.Update(ResourceKind.Deployments, "default", "web", d => { d["metadata"]!["labels"] = new JsonObject { ["x"] = "y" }; return d; }, null, dryRun: false, []);
        var scaled = _apps.UpdateScale(ResourceKind.Deployments, "default", "web", s => { s["spec"]!["replicas"] = 4; return s; }, dryRun: false);
        var moved = Assert.Throws<ApiException>(() => _apps.Update(ResourceKind.Deployments, "default", "web", d =>
        {
            d["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels":{"app":"moved"}}""");
            d["spec"]!["template"]!["metadata"]!["labels"] = JsonNode.Parse("""{"app":"moved"}""");
            return d;
        }, null, dryRun: false, []));

        Assert.Equal(1, (long?)labelled["metadata"]!["generation"]);
        Assert.Equal(("Scale", "autoscaling/v1", 4L, "app=web"), ((string?)scaled["kind"], (string?)scaled["apiVersion"], (long?)scaled["spec"]!["replicas"], (string?)scaled["status"]!["selector"]));
        Assert.Equal(2, (long?)_store.Get(ResourceKind.Deployments, "default", "web")!["metadata"]!["generation"]);
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"moved\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable", moved.Message);
    }

    [Fact]
    public void Delete_Orphan_RemovesTheDependentsOwnerReferences()
    {
        var created = _apps.Create(ResourceKind.Deployments, "default", Deployment(), "Strict", dryRun: false, []);
        var uid = (string)created["metadata"]!["uid"]!;
        var set = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-1","ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"OWNER_UID","controller":true}]},
             "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"busybox","command":["sleep","60"]}]}}}}
            """.Replace("OWNER_UID", uid, StringComparison.Ordinal))!.AsObject();
        _apps.Create(ResourceKind.ReplicaSets, "default", set, "Strict", dryRun: false, []);

        _apps.Delete(ResourceKind.Deployments, "default", "web", new DeleteOptions(null, null, null, "Orphan"));

        Assert.Null(_store.Get(ResourceKind.Deployments, "default", "web"));
        Assert.Null(_store.Get(ResourceKind.ReplicaSets, "default", "web-1")!["metadata"]!["ownerReferences"]);
    }
}
