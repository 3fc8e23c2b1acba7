using System.Text.Json.Nodes;
using Podvisor.Server.Services;

namespace Podvisor.Server.Tests.Services;

public sealed class EndpointRulesTests
{
    [Theory]
    // ready, deleting, publishNotReadyAddresses → ready, serving, terminating
    [InlineData(true, false, false, true, true, false)]
    [InlineData(false, false, false, false, false, false)]
    [InlineData(true, true, false, false, true, true)]
    [InlineData(false, true, false, false, false, true)]
    [InlineData(false, false, true, true, false, false)]
    [InlineData(true, true, true, true, true, true)]
    public void Conditions_ReadyIsServingAndNotTerminating_ServingIsReadiness(bool podReady, bool deleting, bool publishNotReady, bool ready, bool serving, bool terminating)
    {
        var pod = Pod("a", podReady, deleting);

        Assert.Equal(new EndpointConditions(ready, serving, terminating), EndpointRules.Conditions(pod, publishNotReady));
    }

    [Theory]
    [InlineData("Running", "127.0.0.1", true)]
    [InlineData("Pending", "127.0.0.1", true)]
    [InlineData("Running", "", false)]
    [InlineData("Succeeded", "127.0.0.1", false)]
    [InlineData("Failed", "127.0.0.1", false)]
    public void Included_LeavesOutFinishedPodsAndPodsWithoutAnIp(string phase, string ip, bool included)
    {
        var pod = Pod("a", ready: false, deleting: false);
        pod["status"]!["phase"] = phase;
        pod["status"]!["podIP"] = ip;

        Assert.Equal(included, EndpointRules.Included(pod));
    }

    [Theory]
    [InlineData("8080", "TCP", 8080)]
    [InlineData("\"http\"", "TCP", 9000)]
    [InlineData("\"http\"", "UDP", null)]
    [InlineData("\"dns\"", "UDP", 5353)]
    [InlineData("\"metrics\"", "TCP", null)]
    public void FindPort_NumbersAsGiven_NamesFromTheContainerPortOfThatProtocol(string targetPort, string protocol, int? expected)
    {
        Assert.Equal(expected, EndpointRules.FindPort(Pod("a", true, false), JsonNode.Parse(targetPort), protocol));
    }

    [Fact]
    public void Ports_DropAServicePortWhoseNameThePodLacks()
    {
        var servicePorts = JsonNode.Parse("""[{"name":"web","port":80,"protocol":"TCP","targetPort":"http"},{"name":"metrics","port":9100,"protocol":"TCP","targetPort":"metrics"}]""")!.AsArray();

        var ports = EndpointRules.Ports(servicePorts, Pod("a", true, false));

        Assert.Equal([new EndpointPort("web", 9000, "TCP")], ports);
    }

    [Fact]
    public void Plan_GroupsPodsByResolvedPorts_SkipsOtherNamespacesAndUnselected()
    {
        var service = JsonNode.Parse("""{"metadata":{"name":"web","namespace":"default"},"spec":{"type":"ClusterIP","selector":{"app":"web"},"ports":[{"name":"","port":80,"protocol":"TCP","targetPort":"http"}]}}""")!.AsObject();
        var other = Pod("b", true, false);
        other["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"] = 9001;
        var elsewhere = Pod("c", true, false);
        elsewhere["metadata"]!["namespace"] = "prod";
        var unlabelled = Pod("d", true, false);
        unlabelled["metadata"]!["labels"]!["app"] = "db";

        var slices = EndpointSlicePlan.Desired(service, [Pod("a", true, false), other, elsewhere, unlabelled])!;

        Assert.Equal(2, slices.Count);
        Assert.Equal(["a", "b"], slices.Select(s => (string?)s.Endpoints.Single()!["targetRef"]!["name"]));
        Assert.Equal([9000, 9001], slices.Select(s => (int?)s.Ports.Single()!["port"]));
    }

    [Fact]
    public void Plan_NoSelectorLeavesTheServiceAlone_NoPodsGivesOneEmptySlice()
    {
        var withoutSelector = JsonNode.Parse("""{"metadata":{"name":"ext","namespace":"default"},"spec":{"ports":[{"port":80}]}}""")!.AsObject();
        var withSelector = JsonNode.Parse("""{"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"app":"none"},"ports":[{"port":80}]}}""")!.AsObject();

        Assert.Null(EndpointSlicePlan.Desired(withoutSelector, [Pod("a", true, false)]));
        var empty = Assert.Single(EndpointSlicePlan.Desired(withSelector, [Pod("a", true, false)])!);
        Assert.Empty(empty.Endpoints);
    }

    internal static JsonObject Pod(string name, bool ready, bool deleting)
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"NAME","namespace":"default","uid":"uid-NAME","labels":{"app":"web"}},
             "spec":{"nodeName":"vm","containers":[{"name":"c","ports":[{"name":"http","containerPort":9000},{"name":"dns","containerPort":5353,"protocol":"UDP"}]}]},
             "status":{"phase":"Running","podIP":"127.0.0.1","conditions":[{"type":"Ready","status":"READY"}]}}
            """.Replace("NAME", name, StringComparison.Ordinal).Replace("READY", ready ? "True" : "False", StringComparison.Ordinal))!.AsObject();
        if (deleting)
        {
            pod["metadata"]!["deletionTimestamp"] = "2026-12-05T12:00:00Z";
        }

        return pod;
    }
}
