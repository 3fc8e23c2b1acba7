using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Engine.Events;

namespace Podvisor.Engine.Tests.Events;

public sealed class EventRecorderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly List<Corev1Event> _published = [];
    private readonly EventRecorder _recorder;

    public EventRecorderTests()
    {
        var pod = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "uid-1" };
        _recorder = new EventRecorder(pod, "node1", _time, _published.Add);
    }

    [Fact]
    public void Record_PublishesAKubeletEvent_WithEveryField()
    {
        _recorder.Record("spec.containers{app}", EventType.Normal, EventReasons.Started, "Started container app");

        var e = Assert.Single(_published);
        Assert.Equal(("v1", "Event"), (e.ApiVersion, e.Kind));
        Assert.StartsWith("web.", e.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("default", e.Metadata.NamespaceProperty);
        Assert.Equal(T0.UtcDateTime, e.Metadata.CreationTimestamp);
        Assert.Equal(("v1", "Pod", "web", "default", "uid-1", "spec.containers{app}"),
            (e.InvolvedObject.ApiVersion, e.InvolvedObject.Kind, e.InvolvedObject.Name, e.InvolvedObject.NamespaceProperty, e.InvolvedObject.Uid, e.InvolvedObject.FieldPath));
        Assert.Equal(("Started", "Started container app", "Normal"), (e.Reason, e.Message, e.Type));
        Assert.Equal(("kubelet", "node1"), (e.Source.Component, e.Source.Host));
        Assert.Equal(("kubelet", "node1"), (e.ReportingComponent, e.ReportingInstance));
        Assert.Equal((T0.UtcDateTime, T0.UtcDateTime, T0.UtcDateTime, 1), (e.FirstTimestamp!.Value, e.LastTimestamp!.Value, e.EventTime!.Value, e.Count!.Value));
    }

    [Fact]
    public void Scheduled_ComesFromTheScheduler()
    {
        _recorder.Record(null, EventType.Normal, EventReasons.Scheduled, "Successfully assigned default/web to node1");

        var e = Assert.Single(_published);
        Assert.Equal(("default-scheduler", null, "default-scheduler", string.Empty), (e.Source.Component, e.Source.Host, e.ReportingComponent, e.ReportingInstance));
    }

    [Fact]
    public void SameEventWithinTenMinutes_MergesIntoOneObject_CountAndLastTimestampGrow()
    {
        _recorder.Record("spec.containers{app}", EventType.Warning, EventReasons.BackOff, "Back-off restarting failed container app");
        _time.Advance(TimeSpan.FromSeconds(10));
        _recorder.Record("spec.containers{app}", EventType.Warning, EventReasons.BackOff, "Back-off restarting failed container app");

        Assert.Equal(2, _published.Count);
        var (first, second) = (_published[0], _published[1]);
        Assert.Equal(first.Metadata.Name, second.Metadata.Name);
        Assert.Equal((1, 2), (first.Count!.Value, second.Count!.Value));
        Assert.Equal(T0.UtcDateTime, second.FirstTimestamp!.Value);
        Assert.Equal((T0 + TimeSpan.FromSeconds(10)).UtcDateTime, second.LastTimestamp!.Value);
        Assert.Equal(T0.UtcDateTime, first.LastTimestamp!.Value);
    }

    [Fact]
    public void SameEventAfterTenMinutes_IsANewObject()
    {
        _recorder.Record(null, EventType.Normal, EventReasons.Killing, "Stopping container app");
        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        _recorder.Record(null, EventType.Normal, EventReasons.Killing, "Stopping container app");

        Assert.NotEqual(_published[0].Metadata.Name, _published[1].Metadata.Name);
        Assert.Equal(1, _published[1].Count);
    }

    [Fact]
    public void PublishedEvents_ShareNothing_SoAnObserverMayAnnotateWhatItKeeps()
    {
        _recorder.Record("spec.containers{app}", EventType.Warning, EventReasons.BackOff, "Back-off restarting failed container app");
        var kept = _published[0];
        kept.Metadata.ResourceVersion = "42";
        kept.InvolvedObject.FieldPath = "changed";
        kept.Source.Host = "changed";
        kept.Count = 99;

        _recorder.Record("spec.containers{app}", EventType.Warning, EventReasons.BackOff, "Back-off restarting failed container app");

        var next = _published[1];
        Assert.Null(next.Metadata.ResourceVersion);
        Assert.Equal(("spec.containers{app}", "node1", 2), (next.InvolvedObject.FieldPath, next.Source.Host, next.Count!.Value));
    }
}
