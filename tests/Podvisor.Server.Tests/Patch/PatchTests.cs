using System.Text.Json.Nodes;
using Podvisor.Server.Api;
using Podvisor.Server.Patch;

namespace Podvisor.Server.Tests.Patch;

public sealed class PatchTests
{
    private static JsonObject Pod() => JsonNode.Parse("""
        {"metadata":{"name":"web","labels":{"app":"web","tier":"front"}},
         "spec":{"containers":[
           {"name":"app","image":"busybox:1.36","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80}]},
           {"name":"side","image":"busybox:1.36"}],
          "tolerations":[{"key":"x"}]}}
        """)!.AsObject();

    [Fact]
    public void StrategicMerge_MergesContainersByName()
    {
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"side","image":"busybox:1.37"}]}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(Pod(), patch);

        Assert.Equal(2, result["spec"]!["containers"]!.AsArray().Count);
        Assert.Equal("busybox:1.36", (string?)result["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("busybox:1.37", (string?)result["spec"]!["containers"]![1]!["image"]);
    }

    [Fact]
    public void StrategicMerge_NullDeletes_AndListsWithoutMergeKeysAreReplaced()
    {
        var patch = JsonNode.Parse("""{"metadata":{"labels":{"tier":null}},"spec":{"tolerations":[{"key":"y"}]}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(Pod(), patch);

        Assert.Equal("""{"app":"web"}""", result["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""[{"key":"y"}]""", result["spec"]!["tolerations"]!.ToJsonString());
    }

    [Fact]
    public void StrategicMerge_Directives_DeleteElementAndSetOrder()
    {
        var patch = JsonNode.Parse("""
            {"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"app"}],
                     "containers":[{"name":"app","env":[{"name":"A","$patch":"delete"},{"name":"C","value":"3"}]}]}}
            """)!.AsObject();

        var result = StrategicMergePatch.Apply(Pod(), patch);

        var containers = result["spec"]!["containers"]!.AsArray();
        Assert.Equal(["side", "app"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal(["B", "C"], containers[1]!["env"]!.AsArray().Select(e => (string?)e!["name"]));
    }

    [Fact]
    public void StrategicMerge_PatchReplace_ReplacesTheList()
    {
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"only","image":"x"},{"$patch":"replace"}]}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(Pod(), patch);

        Assert.Equal("""[{"name":"only","image":"x"}]""", result["spec"]!["containers"]!.ToJsonString());
    }

    [Fact]
    public void JsonMerge_ReplacesLists_AndNullDeletes()
    {
        var patch = JsonNode.Parse("""{"metadata":{"labels":{"app":null,"new":"1"}},"spec":{"containers":[{"name":"x"}]}}""");

        var result = JsonMergePatch.Apply(Pod(), patch)!;

        Assert.Equal("""{"tier":"front","new":"1"}""", result["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""[{"name":"x"}]""", result["spec"]!["containers"]!.ToJsonString());
    }

    [Fact]
    public void JsonPatch_AddReplaceRemoveMoveCopyTest()
    {
        var operations = JsonNode.Parse("""
            [{"op":"test","path":"/metadata/labels/app","value":"web"},
             {"op":"add","path":"/metadata/labels/a~1b","value":"slash"},
             {"op":"replace","path":"/spec/containers/0/image","value":"busybox:1.37"},
             {"op":"remove","path":"/spec/containers/1"},
             {"op":"copy","from":"/metadata/labels/app","path":"/metadata/labels/copy"},
             {"op":"move","from":"/metadata/labels/tier","path":"/metadata/labels/moved"},
             {"op":"add","path":"/spec/tolerations/-","value":{"key":"z"}}]
            """)!.AsArray();

        var result = JsonPatch.Apply(Pod(), operations)!;

        Assert.Equal("""{"app":"web","a/b":"slash","copy":"web","moved":"front"}""", result["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("busybox:1.37", (string?)result["spec"]!["containers"]![0]!["image"]);
        Assert.Single(result["spec"]!["containers"]!.AsArray());
        Assert.Equal(2, result["spec"]!["tolerations"]!.AsArray().Count);
    }

    [Fact]
    public void JsonPatch_FailedTest_IsRefused()
    {
        var operations = JsonNode.Parse("""[{"op":"test","path":"/metadata/labels/app","value":"db"}]""")!.AsArray();

        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(Pod(), operations));

        Assert.Equal(422, error.Code);
    }
}
