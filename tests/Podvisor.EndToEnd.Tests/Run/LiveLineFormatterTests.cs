using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Podvisor.Cli.Run;
using Podvisor.Engine.Runtime;
using Podvisor.Engine.Timeline;

namespace Podvisor.EndToEnd.Tests.Run;

public sealed class LiveLineFormatterTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("spec.containers{web}", "web")]
    [InlineData("spec.initContainers{init}", "init")]
    [InlineData("spec", null)]
    [InlineData(null, null)]
    public void ContainerFromFieldPath(string? fieldPath, string? container) =>
        Assert.Equal(container, LiveLineFormatter.ContainerFromFieldPath(fieldPath));

    [Fact]
    public void Log_RelativeTimeAndPaddedPrefix()
    {
        var format = new LiveLineFormatter(_time, [Pod()]);

        var line = format.Log(new ContainerLogLine("default", "web", "app", _time.GetUtcNow().AddMilliseconds(1234), LogStream.Stdout, "hello"));

        // Padded to "pod/web", "web/init" and "web/app"'s widest.
        Assert.Equal(" +1.234s web/app  | hello", line.ToPlainText());
    }

    [Fact]
    public void Timeline_StepAndDetail()
    {
        var format = new LiveLineFormatter(_time, [Pod()]);

        var line = format.Timeline(new TimelineEntry(_time.GetUtcNow(), "default", "web", null, TimelineStep.DeletionRequested, "grace period 30s"));

        Assert.Equal(" +0.000s pod/web  > DeletionRequested grace period 30s", line.ToPlainText());
    }

    [Fact]
    public void Timeline_ProbeTransition_OnTheContainersLine()
    {
        var format = new LiveLineFormatter(_time, [Pod()]);

        var line = format.Timeline(new TimelineEntry(_time.GetUtcNow(), "default", "web", "app", TimelineStep.LivenessProbeFailed, "liveness probe failed 3 time(s) in a row"));

        Assert.Equal(" +0.000s web/app  > LivenessProbeFailed liveness probe failed 3 time(s) in a row", line.ToPlainText());
        Assert.Contains(line.Spans, span => span.Text == "LivenessProbeFailed" && span.Style == "red");
    }

    [Fact]
    public void Event_TypeReasonMessageAndContainer()
    {
        var format = new LiveLineFormatter(_time, [Pod()]);
        _time.Advance(TimeSpan.FromSeconds(2));

        var line = format.Event(new Corev1Event
        {
            Type = "Warning",
            Reason = "BackOff",
            Message = "Back-off restarting failed container app in pod web_default(uid)",
            Count = 3,
            InvolvedObject = new V1ObjectReference { Name = "web", FieldPath = "spec.containers{app}" },
        });

        Assert.Equal(" +2.000s web/app  ! event Warning BackOff: Back-off restarting failed container app in pod web_default(uid) (x3)", line.ToPlainText());
    }

    [Fact]
    public void Phase_Transition()
    {
        var format = new LiveLineFormatter(_time, [Pod()]);

        Assert.Equal(" +0.000s pod/web  > phase Pending → Running", format.Phase("web", "Pending", "Running").ToPlainText());
        Assert.Equal(" +0.000s pod/web  > phase Pending", format.Phase("web", null, "Pending").ToPlainText());
    }

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web" },
        Spec = new V1PodSpec
        {
            InitContainers = [new V1Container { Name = "init" }],
            Containers = [new V1Container { Name = "app" }],
        },
    };
}
