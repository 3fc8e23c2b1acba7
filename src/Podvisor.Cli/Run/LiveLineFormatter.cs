using System.Globalization;
using k8s.Models;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.Cli.Run;

/// <summary>
/// Turns engine reports into live-view lines, <c>docker compose up</c> style: a relative timestamp, a
/// <c>pod/container</c> prefix padded to a common width and coloured per container, then the content.
/// Pod-level lines use kubectl's <c>pod/NAME</c>.
/// </summary>
internal sealed class LiveLineFormatter
{
    // Distinct hues for prefixes; yellow and red are kept for warnings and failures.
    private static readonly string[] Palette =
        ["aqua", "lime", "fuchsia", "dodgerblue1", "springgreen3", "mediumorchid", "deepskyblue3", "green"];

    private const int MaxPrefixWidth = 40;
    private const string DimStyle = "grey";

    private readonly TimeProvider _time;
    private readonly DateTimeOffset _start;
    private readonly Dictionary<string, string> _styles = new(StringComparer.Ordinal);
    private readonly int _prefixWidth;

    public LiveLineFormatter(TimeProvider time, IEnumerable<V1Pod> pods)
    {
        _time = time;
        _start = time.GetUtcNow();
        var prefixes = new List<string>();
        foreach (var pod in pods)
        {
            var name = pod.Metadata?.Name ?? string.Empty;
            prefixes.Add(PodPrefix(name));
            var containers = (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? [])
                .Concat(Podvisor.Engine.Defer.DeferAnnotation.Read(pod.Metadata).Where(defer => defer.Name is not null));
            prefixes.AddRange(containers.Select(container => ContainerPrefix(name, container.Name)));
        }

        // Assigned once, before any concurrent call, so lookups need no lock.
        foreach (var prefix in prefixes.Distinct())
        {
            _styles[prefix] = Palette[_styles.Count % Palette.Length];
        }

        _prefixWidth = Math.Min(MaxPrefixWidth, prefixes.Select(prefix => prefix.Length).DefaultIfEmpty(0).Max());
    }

    public LiveLine Log(ContainerLogLine line) =>
        Line(line.Time, ContainerPrefix(line.PodName, line.ContainerName), "|", [new LiveSpan(line.Text)]);

    public LiveLine Timeline(TimelineEntry entry)
    {
        var prefix = entry.Container is null ? PodPrefix(entry.PodName) : ContainerPrefix(entry.PodName, entry.Container);
        List<LiveSpan> content = [new LiveSpan(entry.Step.ToString(), StepStyle(entry.Step))];
        if (!string.IsNullOrEmpty(entry.Detail))
        {
            content.Add(new LiveSpan(" " + entry.Detail, DimStyle));
        }

        // A hook's result and duration: after the step on success, after the kubelet's message (with the output) on failure.
        if (entry.Hook is { } hook)
        {
            var summary = Podvisor.Cli.Report.HookText.Summary(hook);
            content.Add(new LiveSpan(string.IsNullOrEmpty(entry.Detail) ? " " + summary : $" ({summary})", DimStyle));
        }

        return Line(entry.At, prefix, ">", content);
    }

    public LiveLine Event(Corev1Event @event)
    {
        var podName = @event.InvolvedObject?.Name ?? string.Empty;
        var container = ContainerFromFieldPath(@event.InvolvedObject?.FieldPath);
        var prefix = container is null ? PodPrefix(podName) : ContainerPrefix(podName, container);
        var warning = @event.Type == "Warning";
        List<LiveSpan> content =
        [
            new LiveSpan("event ", DimStyle),
            new LiveSpan($"{@event.Type} {@event.Reason}", warning ? "yellow" : "bold"),
            new LiveSpan(": " + @event.Message),
        ];
        if (@event.Count is > 1)
        {
            // kubectl describe shows merged events as "(x3 over 10s)".
            content.Add(new LiveSpan($" (x{@event.Count})", DimStyle));
        }

        // Events carry second-precision timestamps; when the view was told is the more useful time here.
        return Line(_time.GetUtcNow(), prefix, "!", content);
    }

    public LiveLine Phase(string podName, string? from, string to) =>
        Line(_time.GetUtcNow(), PodPrefix(podName), ">", from is null
            ? [new LiveSpan("phase "), new LiveSpan(to, PhaseStyle(to))]
            : [new LiveSpan("phase "), new LiveSpan(from, PhaseStyle(from)), new LiveSpan(" → "), new LiveSpan(to, PhaseStyle(to))]);

    /// <summary>A message from podvisor itself (stopping, forcing).</summary>
    public LiveLine Notice(string text, string style = "bold") =>
        new([new LiveSpan(Timestamp(_time.GetUtcNow()) + " ", DimStyle), new LiveSpan(text, style)]);

    public static string PhaseStyle(string phase) => phase switch
    {
        PodPhases.Succeeded => "green",
        PodPhases.Failed => "red",
        PodPhases.Running => "aqua",
        _ => "yellow",
    };

    /// <summary>The container named by an event's <c>involvedObject.fieldPath</c>, e.g. <c>spec.containers{web}</c>.</summary>
    public static string? ContainerFromFieldPath(string? fieldPath)
    {
        if (fieldPath is null)
        {
            return null;
        }

        var open = fieldPath.IndexOf('{', StringComparison.Ordinal);
        var close = fieldPath.LastIndexOf('}');
        return open >= 0 && close > open + 1 ? fieldPath[(open + 1)..close] : null;
    }

    private LiveLine Line(DateTimeOffset at, string prefix, string separator, IReadOnlyList<LiveSpan> content)
    {
        var style = _styles.GetValueOrDefault(prefix) ?? Palette[(int)((uint)StringComparer.Ordinal.GetHashCode(prefix) % Palette.Length)];
        List<LiveSpan> spans =
        [
            new LiveSpan(Timestamp(at) + " ", DimStyle),
            new LiveSpan(prefix.PadRight(_prefixWidth), style),
            new LiveSpan($" {separator} ", style),
        ];
        spans.AddRange(content);
        return new LiveLine(spans);
    }

    private string Timestamp(DateTimeOffset at)
    {
        var elapsed = at - _start;
        var seconds = elapsed < TimeSpan.Zero ? 0 : elapsed.TotalSeconds;
        return ("+" + seconds.ToString("0.000", CultureInfo.InvariantCulture) + "s").PadLeft(8);
    }

    private static string PodPrefix(string podName) => "pod/" + podName;

    private static string ContainerPrefix(string podName, string containerName) => podName + "/" + containerName;

    private static string? StepStyle(TimelineStep step) => step switch
    {
        TimelineStep.ContainerStartFailed or TimelineStep.PostStartFailed or TimelineStep.PreStopFailed
            or TimelineStep.PreStopTimedOut or TimelineStep.KillSent
            or TimelineStep.LivenessProbeFailed or TimelineStep.StartupProbeFailed => "red",
        TimelineStep.BackOff or TimelineStep.DeletionRequested or TimelineStep.StopSignalSent or TimelineStep.ChaosInjected
            or TimelineStep.ContainerNotReady => "yellow",
        TimelineStep.ContainerRunning or TimelineStep.PostStartSucceeded or TimelineStep.PreStopSucceeded
            or TimelineStep.StartupProbeSucceeded or TimelineStep.ContainerReady => "green",
        _ => null,
    };
}
