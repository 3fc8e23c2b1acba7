using k8s.Models;
using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Status;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Status;

/// <summary>The whole pod status (kubelet <c>generateAPIPodStatus</c> in kubelet_pods.go) from its records, a row per case.</summary>
public sealed class PodStatusGeneratorTests
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
          - name: zeta
            image: busybox
          - name: alpha
            image: busybox
        """));

    [Theory]
    // migrate, zeta, alpha (none | running | exited N), terminal, previous phase | phase, PodReadyToStartContainers
    [InlineData("running", "none", "none", false, null, "Pending", "True")]
    [InlineData("exited 0", "running", "running", false, "Pending", "Running", "True")]
    [InlineData("exited 0", "exited 0", "exited 0", false, "Running", "Running", "True")]
    [InlineData("exited 0", "exited 0", "exited 0", true, "Running", "Succeeded", "False")]
    [InlineData("exited 0", "exited 0", "exited 1", true, "Running", "Failed", "False")]
    // A pod the kubelet has finished with always reports a terminal phase, even one getPhase would call Pending.
    [InlineData("exited 1", "none", "none", true, "Pending", "Failed", "False")]
    [InlineData("exited 0", "running", "running", false, "Succeeded", "Succeeded", "True")]
    public void Generate_Phase_AndSandboxCondition(string migrate, string zeta, string alpha, bool terminal, string? previous, string phase, string sandbox)
    {
        var status = PodStatusGenerator.Generate(Input([migrate, zeta, alpha], terminal, previous is null ? null : new V1PodStatus { Phase = previous }));

        Assert.Equal(phase, status.Phase);
        Assert.Equal(sandbox, status.Conditions.Single(c => c.Type == "PodReadyToStartContainers").Status);
    }

    [Fact]
    public void Generate_ListsInitContainersApart_AndRegularOnesByName()
    {
        var status = PodStatusGenerator.Generate(Input(["exited 0", "running", "running"], terminal: false, previous: null));

        Assert.Equal(["migrate"], status.InitContainerStatuses.Select(s => s.Name));
        Assert.Equal(["alpha", "zeta"], status.ContainerStatuses.Select(s => s.Name));
        Assert.Equal(("10.0.0.1", "10.0.0.2", "BestEffort"), (status.HostIP, status.PodIP, status.QosClass));
        Assert.Equal(T0.UtcDateTime, status.StartTime);
    }

    [Theory]
    // previous phase (with reason Evicted) | reason kept
    [InlineData("Running", "Evicted")]
    [InlineData("Pending", null)]
    public void Generate_KeepsReasonAndMessage_OnlyWhileThePhaseHolds(string previousPhase, string? reason)
    {
        var previous = new V1PodStatus { Phase = previousPhase, Reason = "Evicted", Message = "why" };

        var status = PodStatusGenerator.Generate(Input(["exited 0", "running", "running"], terminal: false, previous));

        Assert.Equal("Running", status.Phase);
        Assert.Equal(reason, status.Reason);
        Assert.Equal(reason is null ? null : "why", status.Message);
    }

    private static PodStatusInput Input(string[] instances, bool terminal, V1PodStatus? previous) =>
        StatusRows.Input(Pod, Pod.Containers.Select(c => Record(c, instances[c.Index])).ToList(), previous, terminal);

    private static ContainerRecord Record(ContainerDefinition container, string instance)
    {
        var record = ContainerRecord.Initial(container);
        var id = container.Name + "-1";
        return instance switch
        {
            "none" => record,
            "running" => record with { Current = new InstanceRecord(id, 0, T0, Reported: true, Terminated: null), StartAttempts = 1 },
            _ => record with
            {
                Current = new InstanceRecord(id, 0, T0, Reported: true, Terminated: new TerminatedRecord(
                    int.Parse(instance["exited ".Length..], System.Globalization.CultureInfo.InvariantCulture), null, "Error", null, T0, T0, id)),
                StartAttempts = 1,
            },
        };
    }
}
