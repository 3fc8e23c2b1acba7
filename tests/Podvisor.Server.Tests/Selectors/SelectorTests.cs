using System.Text.Json.Nodes;
using Podvisor.Server.Api;
using Podvisor.Server.Selectors;
using Podvisor.Server.Store;

namespace Podvisor.Server.Tests.Selectors;

public sealed class SelectorTests
{
    private static readonly JsonObject Web = JsonNode.Parse("""
        {"metadata":{"name":"web","namespace":"default","labels":{"app":"web","tier":"front"}},
         "spec":{"nodeName":"vm","hostNetwork":true},"status":{"phase":"Running"}}
        """)!.AsObject();

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app=db", false)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("missing!=x", true)]
    [InlineData("app=web,tier=front", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("tier in (front,back)", true)]
    [InlineData("tier notin (front,back)", false)]
    [InlineData("app in (db), tier=front", false)]
    public void LabelSelector_Matches(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Web));

    [Theory]
    [InlineData("metadata.name=web", true)]
    [InlineData("metadata.name==web", true)]
    [InlineData("metadata.name!=web", false)]
    [InlineData("status.phase=Running,spec.nodeName=vm", true)]
    [InlineData("status.phase=Pending", false)]
    [InlineData("spec.hostNetwork=true", true)]
    [InlineData("metadata.namespace=default", true)]
    public void FieldSelector_OnPods(string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector, ResourceKind.Pods).Matches(Web));

    [Theory]
    [InlineData("", "", true)]
    [InlineData("app=web,tier in (front)", "status.phase=Running", true)]
    [InlineData("!missing", "spec.hostNetwork=true,metadata.name!=db", true)]
    [InlineData("app notin (web)", "", false)]
    [InlineData("", "status.phase=Pending", false)]
    [InlineData("", "status.podIP=", true)]
    public void Selectors_OnASnapshot_AnswerAsOnTheObject(string labels, string fields, bool expected)
    {
        var label = LabelSelector.Parse(labels);
        var field = FieldSelector.Parse(fields, ResourceKind.Pods);
        var snapshot = Selectable.Of(ResourceKind.Pods, Web);

        Assert.Equal(expected, label.Matches(Web) && field.Matches(Web));
        Assert.Equal(expected, label.Matches(snapshot) && field.Matches(snapshot));
    }

    [Fact]
    public void FieldSelector_OnEvents_InvolvedObjectAndSource()
    {
        var ev = JsonNode.Parse("""{"involvedObject":{"name":"web","namespace":"default","uid":"u1","kind":"Pod"},"source":{"component":"kubelet"},"type":"Normal"}""")!.AsObject();

        Assert.True(FieldSelector.Parse("involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1", ResourceKind.Events).Matches(ev));
        Assert.False(FieldSelector.Parse("involvedObject.uid=u2", ResourceKind.Events).Matches(ev));
        Assert.True(FieldSelector.Parse("source=kubelet,type=Normal", ResourceKind.Events).Matches(ev));
    }

    [Fact]
    public void FieldSelector_UnsupportedLabel_IsTheApiserversBadRequest()
    {
        var error = Assert.Throws<ApiException>(() => FieldSelector.Parse("spec.foo=bar", ResourceKind.Pods));

        Assert.Equal(400, error.Code);
        Assert.Equal("field label not supported: spec.foo", error.Message);
    }
}
