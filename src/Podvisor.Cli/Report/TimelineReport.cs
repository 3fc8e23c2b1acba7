namespace Podvisor.Cli.Report;

/// <summary>Everything the timeline page shows, on one time axis from <paramref name="Start"/> to <paramref name="End"/>.</summary>
internal sealed record TimelineReport(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<ReportPod> Pods);
