using System.Globalization;
using k8s.Models;
using Podvisor.Cli.Report;
using Podvisor.Engine.Defer;
using Podvisor.Engine.Timeline;
using Podvisor.Engine.Timeline.Termination;
using Spectre.Console;

namespace Podvisor.Cli.Run;

/// <summary>
/// The table printed at the end of a run: each pod's phase, each container's final state, and why it ended (from
/// the timeline, <see cref="TerminationClassifier"/>).
/// </summary>
internal static class RunSummary
{
    public static SummaryTable Build(IReadOnlyList<V1Pod> pods, bool color, IReadOnlyList<TimelineEntry>? timeline = null)
    {
        var table = new SummaryTable(["POD", "PHASE", "CONTAINER", "STATE", "EXIT CODE", "RESTARTS", "WHY IT ENDED"], rounded: color);
        var byPod = timeline is null ? null : new TimelineByPod(timeline);
        foreach (var pod in pods)
        {
            var name = pod.Metadata?.Name ?? string.Empty;
            var phase = pod.Status?.Phase ?? PodPhases.Unknown;
            var phaseCell = new SummaryCell(phase, Style.Parse(LiveLineFormatter.PhaseStyle(phase)));
            var rows = Rows(pod).ToList();
            var terminations = byPod is null ? [] : PodTerminations.Of(pod, byPod);
            if (rows.Count == 0)
            {
                table.AddRow(name, phaseCell, "-", "-", "-", "-", "-");
            }

            for (var i = 0; i < rows.Count; i++)
            {
                // The pod's name and phase once, on its first row, like a grouped listing.
                table.AddRow(i == 0 ? name : string.Empty, i == 0 ? phaseCell : string.Empty,
                    rows[i].Container, rows[i].State, rows[i].ExitCode, rows[i].Restarts,
                    PodTerminations.Find(terminations, rows[i].Name) is { } ended ? TerminationText.Describe(ended) : "-");
            }
        }

        return table;
    }

    private static IEnumerable<(string Name, string Container, string State, string ExitCode, string Restarts)> Rows(V1Pod pod)
    {
        // Defer containers (run at termination) last, from the annotation the engine publishes their statuses in.
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Select(status => (status, suffix: " (init)"))
            .Concat((pod.Status?.ContainerStatuses ?? []).Select(status => (status, suffix: string.Empty)))
            .Concat(DeferStatuses.Read(pod.Metadata).Select(status => (status, suffix: " (defer)")));
        foreach (var (status, suffix) in statuses)
        {
            var state = status.State;
            var (text, exitCode) = state switch
            {
                { Terminated: { } terminated } => (terminated.Reason ?? "Terminated", Code(terminated.ExitCode)),
                { Running: not null } => ("Running", "-"),
                // A container waiting to restart (CrashLoopBackOff) shows how its last run ended.
                { Waiting: { } waiting } => (waiting.Reason ?? "Waiting",
                    status.LastState?.Terminated is { } last ? Code(last.ExitCode) + " (last)" : "-"),
                _ => ("-", "-"),
            };
            yield return (status.Name, status.Name + suffix, text, exitCode,
                status.RestartCount.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Code(int exitCode) => exitCode.ToString(CultureInfo.InvariantCulture);
}
