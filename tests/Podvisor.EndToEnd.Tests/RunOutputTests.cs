using System.Text.Json;
using Podvisor.EndToEnd.Tests.Support;

namespace Podvisor.EndToEnd.Tests;

/// <summary><c>-o json|yaml</c>: the shape of <c>kubectl get pods,events -o json</c>, on stdout only.</summary>
[Collection(PodvisorCollection.Name)]
public sealed class RunOutputTests(PodvisorExecutable podvisor)
{
    [Fact]
    public async Task OutputJson_ListOfPodsThenTheirEventsInOrder()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, ["-", "--stop-after", "2s", "-o", "json"], Manifests.TrapsSigterm("web"));

        Assert.Equal(0, await run.WaitForExitAsync());
        using var document = JsonDocument.Parse(run.Stdout);
        var list = document.RootElement;
        Assert.Equal("v1", list.GetProperty("apiVersion").GetString());
        Assert.Equal("List", list.GetProperty("kind").GetString());
        Assert.Equal(string.Empty, list.GetProperty("metadata").GetProperty("resourceVersion").GetString());

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, item => Assert.Equal("v1", item.GetProperty("apiVersion").GetString()));
        var kinds = items.Select(item => item.GetProperty("kind").GetString()).ToList();
        Assert.Equal("Pod", kinds[0]);
        Assert.Equal(1, kinds.Count(kind => kind == "Pod"));
        Assert.All(kinds.Skip(1), kind => Assert.Equal("Event", kind));

        var pod = items[0];
        Assert.Equal("web", pod.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal(0, pod.GetProperty("status").GetProperty("containerStatuses")[0]
            .GetProperty("state").GetProperty("terminated").GetProperty("exitCode").GetInt32());

        var reasons = items.Skip(1).Select(item => item.GetProperty("reason").GetString()).ToList();
        AssertInOrder(["Scheduled", "Created", "Started", "Killing"], reasons);
        Assert.All(items.Skip(1), item => Assert.Equal("web", item.GetProperty("involvedObject").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task OutputYaml_ListOnStdout_LiveViewOnStderr()
    {
        await using var run = PodvisorProcess.StartRun(podvisor, [podvisor.Example("jobs/succeeds.yaml"), "-o", "yaml"]);

        Assert.Equal(0, await run.WaitForExitAsync());
        // kubectl's key order (sigs.k8s.io/yaml sorts every mapping's keys): apiVersion, items, kind, metadata.
        Assert.StartsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n", run.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\nkind: List\nmetadata:\n  resourceVersion: \"\"\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n  kind: Pod\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n  kind: Event\n", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("job-succeeds/work |", run.Stdout, StringComparison.Ordinal);
    }

    private static void AssertInOrder(IReadOnlyList<string> expected, IReadOnlyList<string?> actual)
    {
        var position = 0;
        foreach (var reason in expected)
        {
            var found = -1;
            for (var i = position; i < actual.Count; i++)
            {
                if (actual[i] == reason)
                {
                    found = i;
                    break;
                }
            }

            Assert.True(found >= 0, $"expected {string.Join(", ", expected)} in order within [{string.Join(", ", actual)}]; missing {reason} after position {position}");
            position = found + 1;
        }
    }
}
