using Podvisor.Engine.Planning;

namespace Podvisor.Engine.Containers;

/// <summary>kubelet <c>container/helpers.go ShouldContainerBeRestarted</c> for an exited container.</summary>
internal static class RestartRules
{
    public static bool ShouldRestart(ContainerKind kind, PodRestartPolicy policy, int exitCode) => kind switch
    {
        ContainerKind.Sidecar => true,
        _ => policy switch
        {
            PodRestartPolicy.Always => kind == ContainerKind.Regular || exitCode != 0,
            PodRestartPolicy.OnFailure => exitCode != 0,
            _ => false,
        },
    };
}
