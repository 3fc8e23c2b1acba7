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

    private static string Render(Table table)
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
}
