using System.Text.Json.Nodes;
using Podvisor.Server.Api;
using Podvisor.Server.Patch;

namespace Podvisor.Server.Tests.Patch;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Applied(string labels, string image = "busybox") => JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{{{labels}}}},
         "spec":{"containers":[{"name":"app","image":"{{{image}}}"}]}}
        """)!.AsObject();

    private static JsonObject Created(JsonObject applied, string manager)
    {
        var live = applied.DeepClone().AsObject();
        live["spec"]!["containers"]![0]!["imagePullPolicy"] = "Always";
        ServerSideApply.Own(live, applied, manager, Now);
        return live;
    }

    [Fact]
    public void Own_RecordsTheAppliedFieldsAsFieldsV1()
    {
        var live = Created(Applied("""{"a":"1"}"""), "kubectl");

        var entry = live["metadata"]!["managedFields"]![0]!;
        Assert.Equal(("kubectl", "Apply", "FieldsV1"), ((string?)entry["manager"], (string?)entry["operation"], (string?)entry["fieldsType"]));
        var expected = JsonNode.Parse("""{"f:metadata":{"f:labels":{"f:a":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{}}}}}""");
        Assert.True(JsonNode.DeepEquals(expected, entry["fieldsV1"]), entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void Apply_RemovesWhatTheManagerNoLongerApplies_ButKeepsDefaults()
    {
        var live = Created(Applied("""{"a":"1","b":"2"}"""), "kubectl");

        var result = ServerSideApply.Apply(live, Applied("""{"a":"1"}"""), "kubectl", force: false, "web", Now);

        Assert.Equal("""{"a":"1"}""", result["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("Always", (string?)result["spec"]!["containers"]![0]!["imagePullPolicy"]);
    }

    [Fact]
    public void Apply_ByAnotherManager_WithADifferentValue_Conflicts()
    {
        var live = Created(Applied("""{"a":"1"}"""), "kubectl");

        var error = Assert.Throws<ApiException>(() => ServerSideApply.Apply(live, Applied("""{"a":"9"}"""), "other", force: false, "web", Now));

        Assert.Equal(409, error.Code);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl\": .metadata.labels.a", error.Message);
        Assert.Equal("FieldManagerConflict", (string?)error.ToStatus()["details"]!["causes"]![0]!["reason"]);
    }

    [Fact]
    public void Apply_SameValue_IsSharedOwnership_AndForceTakesOwnership()
    {
        var live = Created(Applied("""{"a":"1"}"""), "kubectl");

        var shared = ServerSideApply.Apply(live, Applied("""{"a":"1"}"""), "other", force: false, "web", Now);
        var forced = ServerSideApply.Apply(shared, Applied("""{"a":"9"}""", image: "busybox:1.37"), "other", force: true, "web", Now);

        Assert.Equal(2, shared["metadata"]!["managedFields"]!.AsArray().Count);
        Assert.Equal("9", (string?)forced["metadata"]!["labels"]!["a"]);
        // Every field kubectl applied was taken over, so its entry is gone.
        Assert.Equal(["other"], forced["metadata"]!["managedFields"]!.AsArray().Select(e => (string?)e!["manager"]));
    }
}
