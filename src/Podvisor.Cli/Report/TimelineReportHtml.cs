using System.Globalization;
using System.Net;
using System.Text;
using Podvisor.Engine.Hooks;

namespace Podvisor.Cli.Report;

/// <summary>
/// Renders the timeline page: one self-contained HTML document with the picture as inline SVG, drawn here in C#.
/// No script: the page shows the same in any browser or viewer, hovering uses SVG <c>&lt;title&gt;</c>, and a
/// Content-Security-Policy forbids every fetch. Every element carries <c>data-*</c> attributes (lane, span,
/// marker) so tests and tools find them without depending on the drawing.
/// </summary>
internal static class TimelineReportHtml
{
    private const double Gutter = 200;
    private const double PlotWidth = 1000;
    private const double LaneHeight = 42;
    private const double PodHeader = 30;
    private const double AxisHeight = 26;

    public static string Render(TimelineReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<title>podvisor timeline: ").Append(E(string.Join(", ", report.Pods.Select(pod => pod.Name)))).Append("</title>\n")
            .Append("<style>").Append(TimelineReportStyle.Css).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>podvisor timeline</h1>\n")
            .Append(TimelineReportStyle.Legend);
        AppendSvg(html, report);
        AppendTerminations(html, report);
        AppendEvents(html, report);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendSvg(StringBuilder html, TimelineReport report)
    {
        var lanes = report.Pods.Sum(pod => pod.Lanes.Count);
        var height = AxisHeight + report.Pods.Count * PodHeader + lanes * LaneHeight + 8;
        var axis = new TimeAxis(report.Start, report.End, Gutter, PlotWidth);
        html.Append(CultureInfo.InvariantCulture, $"<svg data-report=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Gutter + PlotWidth + 20)}\" height=\"{N(height)}\">\n");
        AppendAxis(html, axis, height);
        var y = AxisHeight;
        foreach (var pod in report.Pods)
        {
            html.Append(CultureInfo.InvariantCulture, $"<g data-pod=\"{E(pod.Namespace)}/{E(pod.Name)}\" data-phase=\"{E(pod.Phase)}\">\n")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"pod\" x=\"4\" y=\"{N(y + 20)}\">pod {E(pod.Namespace)}/{E(pod.Name)}: {E(pod.Phase)}</text>\n");
            y += PodHeader;
            foreach (var lane in pod.Lanes)
            {
                AppendLane(html, axis, lane, y);
                y += LaneHeight;
            }

            html.Append("</g>\n");
        }

        html.Append("</svg>\n");
    }

    private static void AppendAxis(StringBuilder html, TimeAxis axis, double height)
    {
        html.Append("<g data-axis=\"time\">\n");
        foreach (var (seconds, x) in axis.Ticks())
        {
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{N(x)}\" y1=\"{N(AxisHeight - 6)}\" x2=\"{N(x)}\" y2=\"{N(height)}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{N(x)}\" y=\"{N(AxisHeight - 10)}\">+{N(seconds)}s</text>\n");
        }

        html.Append("</g>\n");
    }

    private static void AppendLane(StringBuilder html, TimeAxis axis, ReportLane lane, double y)
    {
        var kind = lane.Kind.ToString().ToLowerInvariant();
        html.Append(CultureInfo.InvariantCulture, $"<g data-lane=\"{E(lane.Name)}\" data-kind=\"{kind}\"");
        if (lane.Cause is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" data-cause=\"{E(lane.Cause)}\"");
        }

        html.Append(">\n")
            .Append(CultureInfo.InvariantCulture, $"<rect class=\"lane {kind}\" x=\"0\" y=\"{N(y)}\" width=\"{N(Gutter + PlotWidth + 20)}\" height=\"{N(LaneHeight - 2)}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"name\" x=\"12\" y=\"{N(y + 17)}\">{E(lane.Name)}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"kind\" x=\"12\" y=\"{N(y + 32)}\">{(lane.Kind == LaneKind.Pod ? "events, deletion" : kind + " container")}</text>\n");
        foreach (var span in lane.Spans.OrderBy(span => span.Kind == SpanKind.Grace ? 0 : 1))
        {
            AppendSpan(html, axis, span, y);
        }

        foreach (var marker in lane.Markers)
        {
            AppendMarker(html, axis, marker, y);
        }

        html.Append("</g>\n");
    }

    private static void AppendSpan(StringBuilder html, TimeAxis axis, ReportSpan span, double y)
    {
        var x = axis.X(span.From);
        var width = Math.Max(axis.X(span.To) - x, span.Kind == SpanKind.State ? 1 : 3);
        var title = span.Kind switch
        {
            SpanKind.State => $"{span.Label} {span.Reason} from +{N(axis.Seconds(span.From))}s to +{N(axis.Seconds(span.To))}s\n{span.Detail}",
            _ => span.Detail,
        };
        var (cssClass, top, height, attributes) = span.Kind switch
        {
            SpanKind.Grace => ("grace", y + 1, LaneHeight - 4, $"data-span=\"grace\" data-signal=\"{E(span.Label)}\""),
            SpanKind.State => ($"state {span.Label.ToLowerInvariant()} r-{span.Reason.ToLowerInvariant()}", y + 10, 14.0,
                $"data-span=\"state\" data-state=\"{E(span.Label)}\" data-reason=\"{E(span.Reason)}\""),
            SpanKind.PostStart => ($"hook poststart o-{span.Reason.ToLowerInvariant()}", y + 25, 6.0, $"data-span=\"postStart\" data-outcome=\"{E(span.Reason)}\"{HookAttributes(span)}"),
            _ => ($"hook prestop o-{span.Reason.ToLowerInvariant()}", y + 31, 6.0, $"data-span=\"preStop\" data-outcome=\"{E(span.Reason)}\"{HookAttributes(span)}"),
        };
        html.Append(CultureInfo.InvariantCulture, $"<rect class=\"{cssClass}\" {attributes} x=\"{N(x)}\" y=\"{N(top)}\" width=\"{N(width)}\" height=\"{N(height)}\"><title>{E(title)}</title></rect>\n");
    }

    /// <summary>A hook span's handler kind and result as attributes, for tools and tests that read the page.</summary>
    private static string HookAttributes(ReportSpan span) => span.Hook?.Output switch
    {
        ExecHookOutput exec => $" data-handler=\"exec\"{(exec.ExitCode is { } code ? $" data-exit-code=\"{code.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty)}",
        HttpGetHookOutput http => $" data-handler=\"httpGet\"{(http.StatusCode is { } status ? $" data-status-code=\"{status.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty)}",
        SleepHookOutput => " data-handler=\"sleep\"",
        _ => string.Empty,
    };

    private static void AppendMarker(StringBuilder html, TimeAxis axis, ReportMarker marker, double y)
    {
        var x = axis.X(marker.At);
        var title = E($"+{N(axis.Seconds(marker.At))}s {marker.Detail}");
        switch (marker.Kind)
        {
            case MarkerKind.Signal:
                var kill = marker.Label == "SIGKILL";
                html.Append(CultureInfo.InvariantCulture, $"<g data-marker=\"signal\" data-signal=\"{E(marker.Label)}\" class=\"signal {(kill ? "kill" : "stop")}\"><title>{title}</title>")
                    .Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(y + 2)}\" x2=\"{N(x)}\" y2=\"{N(y + LaneHeight - 4)}\"/>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + 3)}\" y=\"{N(y + (kill ? 38 : 9))}\">{E(marker.Label)}</text></g>\n");
                break;
            case MarkerKind.Probe:
                var good = marker.Label is "ready" or "startup-succeeded";
                html.Append(CultureInfo.InvariantCulture, $"<line data-marker=\"probe\" data-probe=\"{E(marker.Label)}\" class=\"probe {(good ? "good" : "bad")}\" x1=\"{N(x)}\" y1=\"{N(y + 1)}\" x2=\"{N(x)}\" y2=\"{N(y + 9)}\"><title>{title}</title></line>\n");
                break;
            case MarkerKind.Pod:
                html.Append(CultureInfo.InvariantCulture, $"<g data-marker=\"pod\" data-step=\"{E(marker.Label)}\" class=\"podstep\"><title>{title}</title>")
                    .Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(y + 2)}\" x2=\"{N(x)}\" y2=\"{N(y + LaneHeight - 4)}\"/>")
                    // Deletion and termination often coincide (a pod that stops at once): their labels on two rows.
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + 3)}\" y=\"{N(y + (marker.Label == "deletion" ? 36 : 26))}\">{E(marker.Label)}</text></g>\n");
                break;
            default:
                var warning = marker.Detail.StartsWith("Warning", StringComparison.Ordinal);
                html.Append(CultureInfo.InvariantCulture, $"<circle data-marker=\"event\" data-reason=\"{E(marker.Label)}\" class=\"event {(warning ? "warning" : "normal")}\" cx=\"{N(x)}\" cy=\"{N(y + 5)}\" r=\"3.5\"><title>{title}</title></circle>\n");
                break;
        }
    }

    private static void AppendTerminations(StringBuilder html, TimelineReport report)
    {
        html.Append("<h2>Why each container ended</h2>\n<table data-table=\"terminations\">\n<tr><th>pod</th><th>container</th><th>cause</th><th>explanation</th></tr>\n");
        foreach (var pod in report.Pods)
        {
            foreach (var lane in pod.Lanes.Where(lane => lane.Cause is not null))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr data-container=\"{E(lane.Name)}\" data-cause=\"{E(lane.Cause!)}\"><td>{E(pod.Name)}</td><td>{E(lane.Name)}</td><td>{E(lane.Cause!)}</td><td>{E(lane.Termination ?? string.Empty)}</td></tr>\n");
            }
        }

        html.Append("</table>\n");
    }

    private static void AppendEvents(StringBuilder html, TimelineReport report)
    {
        html.Append("<h2>Events</h2>\n<table data-table=\"events\">\n<tr><th>time</th><th>pod</th><th>object</th><th>type</th><th>reason</th><th>message</th></tr>\n");
        foreach (var pod in report.Pods)
        {
            foreach (var observed in pod.Events)
            {
                var @event = observed.Event;
                html.Append(CultureInfo.InvariantCulture, $"<tr data-event=\"{E(@event.Reason ?? string.Empty)}\"><td>+{N((observed.At - report.Start).TotalSeconds)}s</td><td>{E(pod.Name)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td>{E(@event.InvolvedObject?.FieldPath ?? "pod")}</td><td>{E(@event.Type ?? string.Empty)}</td><td>{E(@event.Reason ?? string.Empty)}</td><td>{E(@event.Message ?? string.Empty)}</td></tr>\n");
            }
        }

        html.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
