using k8s.Models;
using Podvisor.Engine.Status;

namespace Podvisor.Engine.Tests.Status;

/// <summary>
/// The kubelet-owned pod conditions (pkg/kubelet/status/generate.go: <c>GeneratePodInitializedCondition</c>,
/// <c>GenerateContainersReadyCondition</c>, <c>GeneratePodReadyCondition</c>), a row per case.
/// </summary>
public sealed class ConditionGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // containers (StatusRows), phase | Initialized: status, reason, message
    [InlineData("c:run", "Running", "True", null, null)]
    [InlineData("i:run c:wait", "Pending", "False", "ContainersNotInitialized", "containers with incomplete status: [i0]")]
    [InlineData("i:exit0 i:wait c:wait", "Pending", "False", "ContainersNotInitialized", "containers with incomplete status: [i1]")]
    [InlineData("i:exit1 i:wait c:wait", "Pending", "False", "ContainersNotInitialized", "containers with incomplete status: [i0 i1]")]
    [InlineData("i:exit0 c:run", "Running", "True", null, null)]
    [InlineData("s:run- c:wait", "Pending", "False", "ContainersNotInitialized", "containers with incomplete status: [s0]")]
    [InlineData("s:run c:wait", "Pending", "True", null, null)]
    // A regular container has started: initialized before, though a sidecar restarts now.
    [InlineData("s:wait/1 c:run", "Running", "True", null, null)]
    [InlineData("i:exit0 c:exit0", "Succeeded", "True", "PodCompleted", null)]
    // No init containers: every one is known, so a Succeeded pod still reports PodCompleted.
    [InlineData("c:exit0", "Succeeded", "True", "PodCompleted", null)]
    [InlineData("c:exit1", "Failed", "True", null, null)]
    public void Initialized_FollowsGeneratePodInitializedCondition(string containers, string phase, string status, string? reason, string? message)
    {
        var initialized = Generate(containers, phase).Single(c => c.Type == "Initialized");

        Assert.Equal((status, reason, message), (initialized.Status, initialized.Reason, initialized.Message));
    }

    [Theory]
    // containers (StatusRows), phase | Ready and ContainersReady: status, reason, message
    [InlineData("c:ready", "Running", "True", null, null)]
    [InlineData("c:run", "Running", "False", "ContainersNotReady", "containers with unready status: [c0]")]
    [InlineData("c:ready c:run- c:wait", "Pending", "False", "ContainersNotReady", "containers with unready status: [c1 c2]")]
    // Init containers never count; sidecars do, listed first.
    [InlineData("i:exit0 c:ready", "Running", "True", null, null)]
    [InlineData("s:run c:run", "Running", "False", "ContainersNotReady", "containers with unready status: [s0 c0]")]
    [InlineData("s:ready c:ready", "Running", "True", null, null)]
    [InlineData("c:exit0", "Succeeded", "False", "PodCompleted", null)]
    [InlineData("c:exit1", "Failed", "False", "PodFailed", null)]
    // A terminal phase wins over containers still shown ready (they may be terminating).
    [InlineData("c:ready", "Failed", "False", "PodFailed", null)]
    public void Ready_AndContainersReady_FollowGenerateContainersReadyCondition(string containers, string phase, string status, string? reason, string? message)
    {
        var conditions = Generate(containers, phase);

        foreach (var type in new[] { "Ready", "ContainersReady" })
        {
            var condition = conditions.Single(c => c.Type == type);
            Assert.Equal((status, reason, message), (condition.Status, condition.Reason, condition.Message));
        }
    }

    [Theory]
    [InlineData(true, "True")]
    [InlineData(false, "False")]
    public void Conditions_AreInTheKubeletsOrder_WithTheSandboxAndScheduling(bool sandboxReady, string readyToStart)
    {
        var conditions = ConditionGenerator.Generate(StatusRows.Pod("c:run"), StatusRows.Statuses("c:run"), "Running", sandboxReady, previous: null, Now);

        Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], conditions.Select(c => c.Type));
        Assert.Equal(readyToStart, conditions[0].Status);
        Assert.Equal("True", conditions[^1].Status);
    }

    [Fact]
    public void LastTransitionTime_IsKeptWhileTheStatusHolds_AndMovesWhenItChanges()
    {
        var earlier = Now.AddMinutes(-5).UtcDateTime;
        var previous = new V1PodStatus
        {
            Conditions =
            [
                new V1PodCondition { Type = "Initialized", Status = "True", LastTransitionTime = earlier },
                new V1PodCondition { Type = "Ready", Status = "False", LastTransitionTime = earlier },
            ],
        };

        var conditions = ConditionGenerator.Generate(StatusRows.Pod("c:ready"), StatusRows.Statuses("c:ready"), "Running", sandboxReady: true, previous, Now);

        Assert.Equal(earlier, conditions.Single(c => c.Type == "Initialized").LastTransitionTime);
        Assert.Equal(Now.UtcDateTime, conditions.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal(Now.UtcDateTime, conditions.Single(c => c.Type == "PodScheduled").LastTransitionTime);
    }

    private static List<V1PodCondition> Generate(string containers, string phase) =>
        ConditionGenerator.Generate(StatusRows.Pod(containers), StatusRows.Statuses(containers), phase, sandboxReady: true, previous: null, Now);
}
