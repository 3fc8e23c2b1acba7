using System.Text.Json;
using k8s.Models;
using Podvisor.Cli.Report;
using Podvisor.Cli.Run;
using Podvisor.Engine.Timeline.Termination;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class ListOutputTests
{
    private static readonly V1Pod Pod = new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
        Status = new V1PodStatus { Phase = "Succeeded" },
    };

    private static readonly Corev1Event Started = new()
    {
        Metadata = new V1ObjectMeta { Name = "web.1" },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", FieldPath = "spec.containers{app}" },
        Reason = "Started",
        Type = "Normal",
    };

    [Fact]
    public void Json_ListOfPodsThenEvents_WithKindsSet()
    {
        var json = ListOutput.Render(OutputFormat.Json, [Pod], [Started]);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("List", root.GetProperty("kind").GetString());
        Assert.Equal(string.Empty, root.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        var items = root.GetProperty("items");
        Assert.Equal(["Pod", "Event"], items.EnumerateArray().Select(item => item.GetProperty("kind").GetString()));
        Assert.All(items.EnumerateArray(), item => Assert.Equal("v1", item.GetProperty("apiVersion").GetString()));
        Assert.Equal("spec.containers{app}", items[1].GetProperty("involvedObject").GetProperty("fieldPath").GetString());
    }

    [Fact]
    public void Json_IndentedLikeKubectl()
    {
        var json = ListOutput.Render(OutputFormat.Json, [Pod], []);

        Assert.StartsWith("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"List\",", json, StringComparison.Ordinal);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LeavesTheEngineSnapshotsUntouched()
    {
        _ = ListOutput.Render(OutputFormat.Json, [Pod], [Started]);

        Assert.Null(Pod.Kind);
        Assert.Null(Started.ApiVersion);
    }

    [Fact]
    public void Yaml_SameListShape()
    {
        var yaml = ListOutput.Render(OutputFormat.Yaml, [Pod], [Started]);

        // kubectl's order: sigs.k8s.io/yaml sorts every mapping's keys.
        Assert.StartsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web\n    namespace: default\n  status:\n    phase: Succeeded\n", yaml, StringComparison.Ordinal);
        Assert.Contains("\n- apiVersion: v1\n  involvedObject:\n    fieldPath: spec.containers{app}\n    kind: Pod\n    name: web\n  kind: Event\n", yaml, StringComparison.Ordinal);
        Assert.EndsWith("\nkind: List\nmetadata:\n  resourceVersion: \"\"\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_PodCarriesPodvisorTermination_AfterItsStatus()
    {
        var killed = new TerminationExplanation(
            TerminationCause.GracePeriodExceeded, 137, "SIGKILL", "Error", "SIGTERM", Killed: true,
            Grace: TimeSpan.FromSeconds(30), PreStop: TimeSpan.FromSeconds(10.25), PreStopOutcome: "Succeeded", StopTook: TimeSpan.FromSeconds(20));

        var json = ListOutput.Render(OutputFormat.Json, [Pod], [Started], [[new ContainerTermination("app", killed)]]);

        using var document = JsonDocument.Parse(json);
        var pod = document.RootElement.GetProperty("items")[0];
        Assert.Equal(["apiVersion", "kind", "metadata", "status", "podvisor"], pod.EnumerateObject().Select(property => property.Name));
        var container = pod.GetProperty("podvisor").GetProperty("containers")[0];
        Assert.Equal("app", container.GetProperty("name").GetString());
        var termination = container.GetProperty("termination");
        Assert.Equal("GracePeriodExceeded", termination.GetProperty("cause").GetString());
        Assert.Equal("SIGTERM", termination.GetProperty("signal").GetString());
        Assert.True(termination.GetProperty("sigkill").GetBoolean());
        Assert.Equal(30, termination.GetProperty("graceSeconds").GetDouble());
        Assert.Equal(10.25, termination.GetProperty("preStopSeconds").GetDouble());
        Assert.Equal("SIGKILLed after the 30s grace period ran out, preStop succeeded in 10.25s (exit code 137)", termination.GetProperty("message").GetString());
        Assert.False(document.RootElement.GetProperty("items")[1].TryGetProperty("podvisor", out _));
    }
}
