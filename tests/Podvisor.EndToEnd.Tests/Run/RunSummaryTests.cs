using k8s;
using k8s.Models;
using Podvisor.Cli.Run;
using Podvisor.Engine.Timeline;
using Podvisor.Testing;
using Spectre.Console;

namespace Podvisor.EndToEnd.Tests.Run;

/// <summary>The closing table: a defer container (run at termination) gets its own row, like an init container.</summary>
public sealed class RunSummaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_DeferContainer_RowWithStateExitCodeAndWhyItEnded()
    {
        var deferStatuses = new List<V1ContainerStatus>
        {
            new() { Name = "flush", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 3, Reason = "Error" } } },
        };
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web",
                NamespaceProperty = "default",
                Annotations = new Dictionary<string, string> { ["podvisor.io/defer-container-statuses"] = KubernetesJson.Serialize(deferStatuses) },
            },
            Status = new V1PodStatus
            {
                Phase = "Failed",
                ContainerStatuses =
                [
                    new V1ContainerStatus { Name = "app", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } } },
                ],
            },
        };
        List<TimelineEntry> timeline =
        [
            TimelineRows.Entry(T0, "app", TimelineStep.ContainerSpawned, "pid 10, attempt 0"),
            TimelineRows.Entry(T0.AddSeconds(1), null, TimelineStep.DeletionRequested, "grace period 30s"),
            TimelineRows.Entry(T0.AddSeconds(1), "app", TimelineStep.StopSignalSent, "SIGTERM, SIGKILL in 30s"),
            TimelineRows.Entry(T0.AddSeconds(1.5), "app", TimelineStep.ContainerExited, "exit code 0"),
            TimelineRows.Entry(T0.AddSeconds(1.6), "flush", TimelineStep.ContainerSpawned, "pid 11, attempt 0"),
            TimelineRows.Entry(T0.AddSeconds(1.6), "flush", TimelineStep.ContainerRunning, string.Empty),
            TimelineRows.Entry(T0.AddSeconds(2.6), "flush", TimelineStep.ContainerExited, "exit code 3"),
        ];

        var lines = Render(RunSummary.Build([pod], color: false, timeline)).Split('\n');

        var row = Assert.Single(lines, line => line.Contains("flush (defer)", StringComparison.Ordinal));
        Assert.Equal(["", "", "flush (defer)", "Error", "3", "0", "exited by itself (exit code 3)"], Cells(row));
        var app = Assert.Single(lines, line => line.Contains(" app ", StringComparison.Ordinal));
        Assert.True(Array.IndexOf(lines, app) < Array.IndexOf(lines, row), "the defer row comes after the app containers");
    }

    [Fact]
    public void Build_NoDeferAnnotation_NoDeferRow()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Status = new V1PodStatus { Phase = "Succeeded", ContainerStatuses = [new V1ContainerStatus { Name = "app", State = new V1ContainerState { Running = new V1ContainerStateRunning() } }] },
        };

        Assert.DoesNotContain("(defer)", Render(RunSummary.Build([pod], color: false)), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ManyPods_ReadsTheTimelineOnceAndExplainsEachPodFromItsOwnSteps()
    {
        // Explaining each pod used to filter the whole timeline once per pod: O(pods × steps), seconds at 5000 pods.
        const int Pods = 300;
        var pods = new List<V1Pod>();
        var steps = new List<TimelineEntry>();
        for (var i = 0; i < Pods; i++)
        {
            var name = $"p{i}";
            var code = i % 7;
            pods.Add(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
                Status = new V1PodStatus
                {
                    Phase = code == 0 ? "Succeeded" : "Failed",
                    ContainerStatuses = [new V1ContainerStatus { Name = "app", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = code, Reason = code == 0 ? "Completed" : "Error" } } }],
                },
            });
            steps.Add(TimelineRows.Entry(T0.AddMilliseconds(i), "app", TimelineStep.ContainerSpawned, $"pid {1000 + i}, attempt 0", pod: name));
            steps.Add(TimelineRows.Entry(T0.AddMilliseconds(i), "app", TimelineStep.ContainerRunning, string.Empty, pod: name));
        }

        // Exits in reverse order, interleaved with other pods' steps, so a pod's steps are not one contiguous block.
        for (var i = Pods - 1; i >= 0; i--)
        {
            steps.Add(TimelineRows.Entry(T0.AddSeconds(1).AddMilliseconds(Pods - i), "app", TimelineStep.ContainerExited, $"exit code {i % 7}", pod: $"p{i}"));
        }

        var timeline = new CountingList<TimelineEntry>(steps);

        var text = Render(RunSummary.Build(pods, color: false, timeline));

        Assert.True(timeline.ItemsRead <= steps.Count, $"the summary read {timeline.ItemsRead} timeline items for a timeline of {steps.Count}");
        var rows = text.Split('\n').Where(line => line.StartsWith("| p", StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.Equal(Pods, rows.Count);
        foreach (var row in rows)
        {
            var code = int.Parse(row[0][1..], System.Globalization.CultureInfo.InvariantCulture) % 7;
            Assert.Equal($"exited by itself (exit code {code})", row[6]);
        }
    }

    private static string Render(Spectre.Console.Rendering.IRenderable table)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        console.Write(table);
        return writer.ToString();
    }

    private static string[] Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(cell => cell.Trim())];

    /// <summary>A list that counts the items handed out, by enumeration or by index.</summary>
    private sealed class CountingList<T>(IReadOnlyList<T> items) : IReadOnlyList<T>
    {
        public int ItemsRead { get; private set; }

        public int Count => items.Count;

        public T this[int index]
        {
            get
            {
                ItemsRead++;
                return items[index];
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            foreach (var item in items)
            {
                ItemsRead++;
                yield return item;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
