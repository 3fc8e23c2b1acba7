namespace Podvisor.Cli.Report;

/// <summary>An instant of a lane.</summary>
/// <param name="Label">Signal: its name; probe: <c>liveness-failed</c>, <c>ready</c>, ...; event: its reason.</param>
internal sealed record ReportMarker(MarkerKind Kind, DateTimeOffset At, string Label, string Detail);
