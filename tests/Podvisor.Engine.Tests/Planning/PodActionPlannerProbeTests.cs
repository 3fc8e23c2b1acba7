using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;
using Podvisor.Engine.Probes;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Planning;

/// <summary>The planner's probe and sidecar rules, as tables over hand-made records.</summary>
public sealed class PodActionPlannerProbeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static PodDefinition Pod(string policy, bool sidecarStartup = false) => PodDefinition.From(EngineHarness.Pod($$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          restartPolicy: {{policy}}
          initContainers:
          - name: proxy
            image: busybox
            restartPolicy: Always
        {{(sidecarStartup ? "    startupProbe: {exec: {command: [boot]}}" : string.Empty)}}
          - name: migrate
            image: busybox
          containers:
          - name: app
            image: busybox
        """));

    private static InstanceRecord Running(string id) => new(id, 0, Now, Reported: true, Terminated: null);

    private static PodActions Plan(PodDefinition pod, IReadOnlyList<ContainerRecord> records, bool initialized) =>
        PodActionPlanner.Compute(pod, records, initialized, _ => new CrashLoopBackOff(), Now);

    [Theory]
    [InlineData("Always", "Liveness", "app", "Container app failed liveness probe, will be restarted")]
    [InlineData("OnFailure", "Startup", "app", "Container app failed startup probe, will be restarted")]
    [InlineData("Never", "Liveness", "app", "Container app failed liveness probe")]
    [InlineData("Never", "Liveness", "proxy", "Init container proxy failed liveness probe")]
    public void ProbeFailure_IsKilledFirst_WithTheKubeletsMessage(string policy, string probe, string container, string message)
    {
        var pod = Pod(policy);
        var records = pod.Containers.Select(c => ContainerRecord.Initial(c) with
        {
            Current = c.Name == "migrate"
                ? new InstanceRecord("m", 0, Now, true, new TerminatedRecord(0, null, "Completed", null, Now, Now, "m"))
                : Running(c.Name) with { ProbeFailure = c.Name == container ? Enum.Parse<ProbeKind>(probe) : null },
            StartAttempts = 1,
        }).ToList();

        var actions = Plan(pod, records, initialized: true);

        var kill = Assert.Single(actions.ToKill);
        Assert.Equal((container, message), (kill.Container.Name, kill.Message));
        Assert.Empty(actions.ToStart);
        Assert.False(actions.Finish);
    }

    [Theory]
    [InlineData(false, false, "migrate")]
    [InlineData(true, false, "wait")]
    [InlineData(true, true, "migrate")]
    public void NextInitContainer_WaitsUntilTheSidecarIsStarted(bool hasStartupProbe, bool startupSucceeded, string expected)
    {
        var pod = Pod("Always", hasStartupProbe);
        var records = pod.Containers.Select(c => c.Name == "proxy"
            ? ContainerRecord.Initial(c) with { Current = Running("p") with { StartupSucceeded = startupSucceeded }, StartAttempts = 1 }
            : ContainerRecord.Initial(c)).ToList();

        var actions = Plan(pod, records, initialized: false);

        Assert.Equal(expected == "wait" ? [] : ["migrate"], actions.ToStart.Select(c => c.Name));
    }

    [Theory]
    [InlineData("OnFailure", 0, true)]
    [InlineData("Always", 0, true)]
    [InlineData("Never", 143, false)]
    public void ProbeKilledContainer_RestartsUnlessNever_WhateverItsExitCode(string policy, int exitCode, bool restarts)
    {
        var pod = Pod(policy);
        var records = pod.Containers.Select(c => c.Name switch
        {
            "app" => ContainerRecord.Initial(c) with
            {
                Current = new InstanceRecord("a", 0, Now, true, new TerminatedRecord(exitCode, null, "Completed", null, Now, Now, "a")),
                StartAttempts = 1,
                ProbeKilledContainerId = "a",
            },
            "proxy" => ContainerRecord.Initial(c) with { Current = Running("p"), StartAttempts = 1 },
            _ => ContainerRecord.Initial(c) with
            {
                Current = new InstanceRecord("m", 0, Now, true, new TerminatedRecord(0, null, "Completed", null, Now, Now, "m")),
                StartAttempts = 1,
            },
        }).ToList();

        var actions = Plan(pod, records, initialized: true);

        Assert.Equal(restarts ? ["app"] : [], actions.ToStart.Select(c => c.Name));
        Assert.Equal(!restarts, actions.Finish);
    }

    [Fact]
    public void ExitedSidecar_AfterInit_IsRestarted_AndDoesNotKeepThePodAlive()
    {
        var pod = Pod("Never");
        var records = pod.Containers.Select(c => ContainerRecord.Initial(c) with
        {
            Current = new InstanceRecord(c.Name, 0, Now, true, new TerminatedRecord(c.Name == "proxy" ? 1 : 0, null, "Completed", null, Now, Now, c.Name)),
            StartAttempts = 1,
        }).ToList();

        var actions = Plan(pod, records, initialized: true);

        // The app completed under Never: the pod finishes, whatever the sidecar would do.
        Assert.True(actions.Finish);

        records[2] = records[2] with { Current = Running("app") };
        var running = Plan(pod, records, initialized: true);
        Assert.Equal(["proxy"], running.ToStart.Select(c => c.Name));
        Assert.False(running.Finish);
    }
}
