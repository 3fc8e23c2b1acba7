using Podvisor.Engine.Status;

namespace Podvisor.Engine.Tests.Status;

/// <summary>
/// The kubelet's <c>getPhase</c> (pkg/kubelet/kubelet_pods.go), a row per case as in its kubelet_pods_test.go
/// (<c>TestPodPhaseWithRestartAlways</c>, <c>…Never</c>, <c>…OnFailure</c>, <c>…WithRestartableInitContainers</c>).
/// </summary>
public sealed class PhaseCalculatorTests
{
    [Theory]
    // containers (StatusRows), restartPolicy, pod terminal, previous phase | phase
    [InlineData("c:run c:run", "Always", false, null, "Running")]
    [InlineData("c:run c:exit0", "Always", false, null, "Running")]
    [InlineData("c:run c:wait", "Always", false, null, "Pending")]
    [InlineData("c:wait", "Always", false, null, "Pending")]
    // Every container stopped: Always restarts them, so the pod stays Running (a crash loop is Running).
    [InlineData("c:exit0 c:exit1", "Always", false, null, "Running")]
    [InlineData("c:wait/1", "Always", false, null, "Running")]
    // A terminal pod is not restarted whatever the policy: its containers' exits decide.
    [InlineData("c:exit0 c:exit0", "Always", true, null, "Succeeded")]
    [InlineData("c:exit0 c:exit1", "Always", true, null, "Failed")]
    [InlineData("c:exit0 c:exit0", "Never", false, null, "Succeeded")]
    [InlineData("c:exit0 c:exit1", "Never", false, null, "Failed")]
    [InlineData("c:run c:exit1", "Never", false, null, "Running")]
    [InlineData("c:exit0", "OnFailure", false, null, "Succeeded")]
    [InlineData("c:exit0 c:exit1", "OnFailure", false, null, "Running")]
    [InlineData("c:wait/1", "OnFailure", false, null, "Running")]
    // Init containers: pending until all succeeded; a failed one fails the pod only under Never.
    [InlineData("i:run c:wait", "Always", false, null, "Pending")]
    [InlineData("i:wait c:wait", "Always", false, null, "Pending")]
    [InlineData("i:exit0 c:run", "Always", false, null, "Running")]
    [InlineData("i:exit0 i:run c:wait", "Always", false, null, "Pending")]
    [InlineData("i:exit1 c:wait", "Never", false, null, "Failed")]
    [InlineData("i:exit1 c:wait", "Always", false, null, "Pending")]
    [InlineData("i:wait/1 c:wait", "OnFailure", false, null, "Pending")]
    [InlineData("i:wait/1 c:wait", "Never", false, null, "Failed")]
    [InlineData("i:wait/0 c:run", "Always", false, null, "Running")]
    // Sidecars: pending until started; once a regular container has started a restarting sidecar does not count.
    [InlineData("s:run- c:wait", "Always", false, null, "Pending")]
    [InlineData("s:wait c:wait", "Always", false, null, "Pending")]
    [InlineData("s:run c:run", "Always", false, null, "Running")]
    [InlineData("s:run- c:run", "Always", false, null, "Running")]
    [InlineData("s:wait/1 c:run", "Always", false, null, "Running")]
    [InlineData("s:run c:exit0", "Never", false, null, "Running")]
    [InlineData("s:exit137 c:exit0", "Never", true, null, "Succeeded")]
    [InlineData("s:exit137 c:exit1", "Never", true, null, "Failed")]
    // A terminal phase is never left (generateAPIPodStatus keeps the old terminal phase).
    [InlineData("c:run", "Always", false, "Succeeded", "Succeeded")]
    [InlineData("c:run", "Always", false, "Failed", "Failed")]
    [InlineData("c:run", "Always", false, "Pending", "Running")]
    public void Compute_FollowsGetPhase(string containers, string restartPolicy, bool terminal, string? previous, string phase) =>
        Assert.Equal(phase, PhaseCalculator.Compute(StatusRows.Pod(containers, restartPolicy), StatusRows.Statuses(containers), terminal, previous));
}
