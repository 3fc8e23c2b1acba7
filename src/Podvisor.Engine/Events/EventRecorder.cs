using System.Globalization;
using k8s.Models;

namespace Podvisor.Engine.Events;

/// <summary>
/// Records v1 Events for one pod as the kubelet's recorder does: identical events (same object, type,
/// reason, message) within 10 minutes are merged into one object whose <c>count</c> and
/// <c>lastTimestamp</c> grow (client-go EventCorrelator).
/// </summary>
internal sealed class EventRecorder(V1ObjectMeta pod, string nodeName, TimeProvider time, Action<Corev1Event> publish)
{
    private static readonly TimeSpan MergeWindow = TimeSpan.FromMinutes(10);

    private readonly Dictionary<(string? FieldPath, EventType Type, string Reason, string Message), Occurrence> _recent = [];
    private readonly object _gate = new();
    private long _lastNanos;

    public void Record(string? fieldPath, EventType type, string reason, string message)
    {
        Corev1Event snapshot;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var key = (fieldPath, type, reason, message);
            var occurrence = _recent.TryGetValue(key, out var existing) && now - existing.Last <= MergeWindow
                ? existing with { Count = existing.Count + 1, Last = now }
                : new Occurrence(NextName(now), now, now, 1);
            _recent[key] = occurrence;
            // A new object per report, sharing nothing with earlier ones: observers may keep or annotate what they get
            // (built directly rather than deep-copied: a JSON round trip per event was a measurable cost at scale, bench/).
            snapshot = Build(fieldPath, type, reason, message, occurrence);
        }

        publish(snapshot);
    }

    private string NextName(DateTimeOffset now)
    {
        // Names are <pod>.<hex unix nanos>, as client-go makes them; keep them unique under a frozen clock.
        var nanos = Math.Max((now - DateTimeOffset.UnixEpoch).Ticks * 100, _lastNanos + 1);
        _lastNanos = nanos;
        return $"{pod.Name}.{nanos.ToString("x", CultureInfo.InvariantCulture)}";
    }

    private Corev1Event Build(string? fieldPath, EventType type, string reason, string message, Occurrence occurrence)
    {
        var scheduler = reason == EventReasons.Scheduled;
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = occurrence.Name,
                NamespaceProperty = pod.NamespaceProperty,
                CreationTimestamp = occurrence.First.UtcDateTime,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Name = pod.Name,
                NamespaceProperty = pod.NamespaceProperty,
                Uid = pod.Uid,
                FieldPath = fieldPath,
            },
            Reason = reason,
            Message = message,
            Type = type.ToString(),
            Source = new V1EventSource { Component = scheduler ? "default-scheduler" : "kubelet", Host = scheduler ? null : nodeName },
            ReportingComponent = scheduler ? "default-scheduler" : "kubelet",
            ReportingInstance = scheduler ? string.Empty : nodeName,
            FirstTimestamp = occurrence.First.UtcDateTime,
            LastTimestamp = occurrence.Last.UtcDateTime,
            EventTime = occurrence.First.UtcDateTime,
            Count = occurrence.Count,
        };
    }

    /// <summary>One merged event: its name, when it first and last happened, how many times.</summary>
    private sealed record Occurrence(string Name, DateTimeOffset First, DateTimeOffset Last, int Count);
}
