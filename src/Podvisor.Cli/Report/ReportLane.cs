namespace Podvisor.Cli.Report;

/// <summary>One row of the page: a container (or the pod) over the run.</summary>
/// <param name="Cause">The last termination's cause (wire name), null if it did not end.</param>
/// <param name="Termination">The last termination, in words.</param>
internal sealed record ReportLane(
    string Name,
    LaneKind Kind,
    IReadOnlyList<ReportSpan> Spans,
    IReadOnlyList<ReportMarker> Markers,
    string? Cause,
    string? Termination);
