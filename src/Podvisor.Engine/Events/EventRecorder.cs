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

    private readonly Dictionary<(string? FieldPath, EventType Type, string Reason, string Message), Corev1Event> _recent = [];
    private readonly object _gate = new();
    private long _lastNanos;

    public void Record(string? fieldPath, EventType type, string reason, string message)
    {
        Corev1Event snapshot;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var key = (fieldPath, type, reason, message);
            if (_recent.TryGetValue(key, out var existing) && now - existing.LastTimestamp!.Value <= MergeWindow)
            {
                existing.Count = (existing.Count ?? 1) + 1;
                existing.LastTimestamp = now.UtcDateTime;
                snapshot = Copy(existing);
            }
            else
            {
                var created = Create(fieldPath, type, reason, message, now);
                _recent[key] = created;
                snapshot = Copy(created);
            }
        }

        publish(snapshot);
    }

    private Corev1Event Create(string? fieldPath, EventType type, string reason, string message, DateTimeOffset now)
    {
        // Names are <pod>.<hex unix nanos>, as client-go makes them; keep them unique under a frozen clock.
        var nanos = Math.Max((now - DateTimeOffset.UnixEpoch).Ticks * 100, _lastNanos + 1);
        _lastNanos = nanos;
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{pod.Name}.{nanos.ToString("x", CultureInfo.InvariantCulture)}",
                NamespaceProperty = pod.NamespaceProperty,
                CreationTimestamp = now.UtcDateTime,
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
            Source = new V1EventSource { Component = reason == EventReasons.Scheduled ? "default-scheduler" : "kubelet", Host = reason == EventReasons.Scheduled ? null : nodeName },
            ReportingComponent = reason == EventReasons.Scheduled ? "default-scheduler" : "kubelet",
            ReportingInstance = reason == EventReasons.Scheduled ? string.Empty : nodeName,
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            EventTime = now.UtcDateTime,
            Count = 1,
        };
    }

    private static Corev1Event Copy(Corev1Event source) =>
        k8s.KubernetesJson.Deserialize<Corev1Event>(k8s.KubernetesJson.Serialize(source));
}
