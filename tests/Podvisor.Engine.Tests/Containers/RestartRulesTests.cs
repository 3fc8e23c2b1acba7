using Podvisor.Engine.Containers;
using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Tests.Containers;

/// <summary>
/// Whether an exited container starts again: pkg/kubelet/container/helpers.go <c>ShouldContainerBeRestarted</c> for
/// regular containers, kuberuntime_manager.go <c>computeInitContainerActions</c> for init containers (one that exited 0
/// is done; sidecars always restart).
/// </summary>
public sealed class RestartRulesTests
{
    [Theory]
    // kind, restartPolicy, exit code | restarts
    [InlineData("Regular", "Always", 0, true)]
    [InlineData("Regular", "Always", 1, true)]
    [InlineData("Regular", "OnFailure", 0, false)]
    [InlineData("Regular", "OnFailure", 137, true)]
    [InlineData("Regular", "Never", 0, false)]
    [InlineData("Regular", "Never", 1, false)]
    [InlineData("Init", "Always", 0, false)]
    [InlineData("Init", "Always", 1, true)]
    [InlineData("Init", "OnFailure", 1, true)]
    [InlineData("Init", "Never", 1, false)]
    [InlineData("Sidecar", "Never", 0, true)]
    [InlineData("Sidecar", "Never", 1, true)]
    [InlineData("Sidecar", "OnFailure", 0, true)]
    public void ShouldRestart_FollowsThePolicyAndTheKind(string kind, string policy, int exitCode, bool restarts) =>
        Assert.Equal(restarts, RestartRules.ShouldRestart(Enum.Parse<ContainerKind>(kind), Enum.Parse<PodRestartPolicy>(policy), exitCode));
}
