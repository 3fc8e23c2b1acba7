using k8s;
using k8s.Models;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Status;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Status;

/// <summary>
/// One container's API status from its record (kubelet <c>convertToAPIContainerStatuses</c> in kubelet_pods.go, with
/// <c>started</c>/<c>ready</c> from the probe manager's <c>UpdatePodStatus</c>), a row per case.
/// </summary>
public sealed class ContainerStatusGeneratorTests
{
    private static readonly DateTimeOffset T0 = StatusRows.T0;

    private static readonly PodDefinition Pod = PodDefinition.From(EngineHarness.Pod("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          initContainers:
          - name: migrate
            image: busybox
          containers:
          - name: plain
            image: busybox
          - name: probed
            image: busybox
            startupProbe: {exec: {command: [boot]}}
            readinessProbe: {exec: {command: [ready]}}
        """));

    [Theory]
    // container, instance (none | running | unreported | exited N), startup passed, readiness passed, waiting reason
    //   | state, started, ready
    [InlineData("plain", "none", false, false, null, "waiting PodInitializing", false, false)]
    [InlineData("plain", "none", false, false, "CrashLoopBackOff", "waiting CrashLoopBackOff", false, false)]
    [InlineData("plain", "running", false, false, null, "running", true, true)]
    [InlineData("plain", "exited 0", false, false, null, "terminated 0 Completed", false, false)]
    [InlineData("plain", "exited 137", false, false, null, "terminated 137 Error", false, false)]
    // While a postStart hook runs the instance is not reported yet: with no earlier status it shows as being created.
    [InlineData("plain", "unreported", false, false, null, "waiting PodInitializing", false, false)]
    // started waits for the startup probe, ready for started and the readiness probe.
    [InlineData("probed", "running", false, true, null, "running", false, false)]
    [InlineData("probed", "running", true, false, null, "running", true, false)]
    [InlineData("probed", "running", true, true, null, "running", true, true)]
    // An init container is ready once it exited 0, never while it runs.
    [InlineData("migrate", "running", false, false, null, "running", true, false)]
    [InlineData("migrate", "exited 0", false, false, null, "terminated 0 Completed", false, true)]
    [InlineData("migrate", "exited 1", false, false, null, "terminated 1 Error", false, false)]
    public void Generate_StateStartedAndReady(string name, string instance, bool startup, bool readiness, string? waiting, string state, bool started, bool ready)
    {
        var record = Record(name, instance, startup, readiness) with { Waiting = waiting is null ? null : new WaitingRecord(waiting, "back-off") };

        var status = ContainerStatusGenerator.Generate(record, Input(record, previous: null));

        Assert.Equal((state, started, ready), (Describe(status.State), status.Started == true, status.Ready == true));
    }

    [Fact]
    public void Generate_AfterRestarts_CountsThem_AndShowsTheLastTermination()
    {
        var last = new TerminatedRecord(1, null, "Error", "boom", T0, T0.AddSeconds(1), "plain-2");
        var record = Record("plain", "running", false, false) with { LastTermination = last, StartAttempts = 3 };

        var status = ContainerStatusGenerator.Generate(record, Input(record, previous: null));

        Assert.Equal(2, status.RestartCount);
        Assert.Equal("terminated 1 Error", Describe(status.LastState));
        Assert.Equal("boom", status.LastState.Terminated.Message);
        Assert.Equal("plain-3", status.ContainerID);
        Assert.Equal(("busybox", "sha256:abc"), (status.Image, status.ImageID));
    }

    [Fact]
    public void Generate_BeforeAnyStart_ShowsNoImageId_AndNoContainerId()
    {
        var record = Record("plain", "none", false, false);

        var status = ContainerStatusGenerator.Generate(record, Input(record, previous: null));

        Assert.Equal(0, status.RestartCount);
        Assert.Equal(string.Empty, status.ImageID);
        Assert.Null(status.ContainerID);
        Assert.Null(status.LastState.Terminated);
    }

    [Fact]
    public void Generate_WhilePostStartRuns_KeepsThePreviousSnapshot()
    {
        var record = Record("plain", "unreported", false, false) with { StartAttempts = 2 };
        var earlier = new V1ContainerStatus { Name = "plain", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } } };
        var previous = new V1PodStatus { ContainerStatuses = [earlier] };

        var status = ContainerStatusGenerator.Generate(record, Input(record, previous));

        Assert.Same(earlier, status);
    }

    private static ContainerRecord Record(string name, string instance, bool startup, bool readiness)
    {
        var record = ContainerRecord.Initial(Pod.Containers.Single(c => c.Name == name));
        var id = $"{name}-3";
        InstanceRecord? current = instance switch
        {
            "none" => null,
            "running" => new InstanceRecord(id, 2, T0, Reported: true, Terminated: null),
            "unreported" => new InstanceRecord(id, 2, T0, Reported: false, Terminated: null),
            _ => new InstanceRecord(id, 2, T0, Reported: true, Terminated: Exit(int.Parse(instance["exited ".Length..], System.Globalization.CultureInfo.InvariantCulture), id)),
        };
        return record with
        {
            Current = current is null ? null : current with { StartupSucceeded = startup, ReadinessSucceeded = readiness },
            StartAttempts = current is null ? 0 : 3,
        };
    }

    private static TerminatedRecord Exit(int code, string id) => new(code, null, code == 0 ? "Completed" : "Error", null, T0, T0.AddSeconds(5), id);

    private static PodStatusInput Input(ContainerRecord record, V1PodStatus? previous) => StatusRows.Input(Pod, [record], previous, terminal: false);

    private static string Describe(V1ContainerState state) =>
        state.Running is not null ? "running"
        : state.Terminated is { } t ? $"terminated {t.ExitCode} {t.Reason}"
        : state.Waiting is { } w ? $"waiting {w.Reason}"
        : KubernetesJson.Serialize(state);
}
