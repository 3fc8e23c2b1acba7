namespace Podvisor.Cli.Report;

/// <summary>A pod on the page: its lanes (the pod's own first) and its events in order.</summary>
internal sealed record ReportPod(string Namespace, string Name, string Phase, IReadOnlyList<ReportLane> Lanes, IReadOnlyList<ObservedEvent> Events);
