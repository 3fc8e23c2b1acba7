using k8s.Models;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Report;

/// <summary>Builds the page's model from the final pods, the recorded timeline and the events. Pure.</summary>
internal static class TimelineReportBuilder
{
    private const string SidecarRestartPolicy = "Always";

    public static TimelineReport Build(
        IReadOnlyList<V1Pod> pods, IReadOnlyList<TimelineEntry> timeline, IReadOnlyList<ObservedEvent> events,
        DateTimeOffset start, DateTimeOffset end)
    {
        var last = timeline.Select(entry => entry.At).Concat(events.Select(observed => observed.At)).DefaultIfEmpty(start).Max();
        if (last > end)
        {
            end = last;
        }

        // Split once: each pod's lanes and its explanations read only its own steps.
        var byPod = new TimelineByPod(timeline);
        return new TimelineReport(start, end, [.. pods.Select(pod => Pod(pod, byPod, events, start, end))]);
    }

    private static ReportPod Pod(V1Pod pod, TimelineByPod timeline, IReadOnlyList<ObservedEvent> events, DateTimeOffset start, DateTimeOffset end)
    {
        var name = pod.Metadata?.Name ?? string.Empty;
        var ns = pod.Metadata?.NamespaceProperty ?? "default";
        var podTimeline = timeline.Of(pod);
        var podEvents = events.Where(observed => observed.Event.InvolvedObject?.Name == name
            && (observed.Event.InvolvedObject?.NamespaceProperty ?? observed.Event.Metadata?.NamespaceProperty ?? "default") == ns).ToList();
        var terminations = PodTerminations.Of(pod, timeline);

        var inits = pod.Spec?.InitContainers ?? [];
        var containers = inits.Select(container => (container.Name, Kind: container.RestartPolicy == SidecarRestartPolicy ? LaneKind.Sidecar : LaneKind.Init))
            .Concat((pod.Spec?.Containers ?? []).Select(container => (container.Name, Kind: LaneKind.App)))
            .Concat(Podvisor.Engine.Defer.DeferAnnotation.Read(pod.Metadata).Select(container => (container.Name, Kind: LaneKind.Defer)));
        var lanes = new List<ReportLane> { PodLane(podTimeline, podEvents) };
        foreach (var (container, kind) in containers)
        {
            var waiting = kind switch
            {
                LaneKind.App when inits.Count > 0 => "PodInitializing",
                LaneKind.Defer => "WaitingForTermination", // podvisor's label: a defer container has nothing to do before then
                _ => "ContainerCreating",
            };
            var builder = new LaneBuilder(start, waiting);
            foreach (var entry in podTimeline.Where(entry => entry.Container == container))
            {
                builder.Add(entry);
            }

            foreach (var observed in podEvents.Where(observed => Container(observed) == container))
            {
                builder.AddEvent(observed);
            }

            builder.Finish(end);
            var termination = PodTerminations.Find(terminations, container);
            lanes.Add(new ReportLane(
                container, kind, builder.Spans, [.. builder.Markers.OrderBy(marker => marker.At)],
                termination is null ? null : TerminationJson.CauseName(termination.Cause),
                termination is null ? null : Podvisor.Engine.Timeline.Termination.TerminationText.Describe(termination)));
        }

        return new ReportPod(ns, name, pod.Status?.Phase ?? "Unknown", lanes, podEvents);
    }

    /// <summary>The pod's own lane: its events and its deletion.</summary>
    private static ReportLane PodLane(IReadOnlyList<TimelineEntry> podTimeline, IReadOnlyList<ObservedEvent> podEvents)
    {
        var markers = new List<ReportMarker>();
        foreach (var entry in podTimeline.Where(entry => entry.Container is null))
        {
            var label = entry.Step switch
            {
                TimelineStep.DeletionRequested => "deletion",
                TimelineStep.PodTerminated => "terminated",
                _ => null,
            };
            if (label is not null)
            {
                markers.Add(new ReportMarker(MarkerKind.Pod, entry.At, label, $"{entry.Step} {entry.Detail}".TrimEnd()));
            }
        }

        markers.AddRange(podEvents.Where(observed => Container(observed) is null).Select(observed => new ReportMarker(
            MarkerKind.Event, observed.At, observed.Event.Reason ?? string.Empty,
            $"{observed.Event.Type} {observed.Event.Reason}: {observed.Event.Message}")));
        return new ReportLane("pod", LaneKind.Pod, [], [.. markers.OrderBy(marker => marker.At)], null, null);
    }

    private static string? Container(ObservedEvent observed) =>
        Run.LiveLineFormatter.ContainerFromFieldPath(observed.Event.InvolvedObject?.FieldPath);
}
