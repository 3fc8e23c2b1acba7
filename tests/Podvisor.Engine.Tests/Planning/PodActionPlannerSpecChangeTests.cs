using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Probes;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Planning;

/// <summary>The planner's rule for a container whose image changed under it (kubelet <c>containerChanged</c>).</summary>
public sealed class PodActionPlannerSpecChangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static PodDefinition Pod(string policy) => PodDefinition.From(EngineHarness.Pod($"""
        apiVersion: v1
        kind: Pod
        metadata: {"{"}name: web{"}"}
        spec:
          restartPolicy: {policy}
          initContainers:
          - name: proxy
            image: busybox:1.37
            restartPolicy: Always
          containers:
          - name: app
            image: busybox:1.37
          - name: other
            image: busybox:1.37
        """));

    private static ContainerRecord Running(ContainerDefinition c, string startedImage, ProbeKind? failure = null) =>
        ContainerRecord.Initial(c) with
        {
            Current = new InstanceRecord(c.Name, 0, Now, Reported: true, Terminated: null) { Image = startedImage, ProbeFailure = failure },
            StartAttempts = 1,
        };

    private static PodActions Plan(PodDefinition pod, IReadOnlyList<ContainerRecord> records) =>
        PodActionPlanner.Compute(pod, records, initialized: true, _ => new CrashLoopBackOff(), Now);

    [Theory]
    [InlineData("Always", "app", null, "Container app definition changed, will be restarted")]
    [InlineData("Never", "app", null, "Container app definition changed, will be restarted")]
    [InlineData("OnFailure", "app", "Liveness", "Container app definition changed, will be restarted")]
    [InlineData("Never", "proxy", null, "Init container proxy definition changed")]
    public void RunningContainerOnAnotherImage_IsKilledOnce_WithTheKubeletsMessage(string policy, string changed, string? probeFailure, string message)
    {
        var pod = Pod(policy);
        var failure = probeFailure is null ? (ProbeKind?)null : Enum.Parse<ProbeKind>(probeFailure);
        var records = pod.Containers
            .Select(c => Running(c, c.Name == changed ? "busybox:1.36" : c.Image, c.Name == changed ? failure : null))
            .ToList();

        var actions = Plan(pod, records);

        var kill = Assert.Single(actions.ToReplace);
        Assert.Equal((changed, message), (kill.Container.Name, kill.Message));
        Assert.Empty(actions.ToKill);
        Assert.Empty(actions.ToStart);
        Assert.False(actions.Finish);
    }

    [Fact]
    public void SameImage_OrUnknownStartImage_IsKept()
    {
        var pod = Pod("Always");
        var records = pod.Containers.Select(c => c.Name == "app"
            ? ContainerRecord.Initial(c) with { Current = new InstanceRecord("a", 0, Now, true, null), StartAttempts = 1 }
            : Running(c, c.Image)).ToList();

        var actions = Plan(pod, records);

        Assert.Empty(actions.ToReplace);
        Assert.Empty(actions.ToStart);
    }

    [Theory]
    [InlineData("Never", 0)]
    [InlineData("Never", 143)]
    [InlineData("OnFailure", 0)]
    public void ContainerKilledForItsNewSpec_RestartsAtOnce_WhateverThePolicy(string policy, int exitCode)
    {
        var pod = Pod(policy);
        var records = pod.Containers.Select(c => c.Name == "app"
            ? ContainerRecord.Initial(c) with
            {
                Current = new InstanceRecord("a", 0, Now, true, new TerminatedRecord(exitCode, null, "Completed", null, Now, Now, "a")) { Image = "busybox:1.36" },
                StartAttempts = 1,
                ChangeKilledContainerId = "a",
            }
            : Running(c, c.Image)).ToList();

        var actions = Plan(pod, records);

        Assert.Equal(["app"], actions.ToStart.Select(c => c.Name));
        Assert.Empty(actions.InBackOff);
    }
}
